#include "common/auth/bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "common/auth/api_key.h"
#include "common/auth/key_store.h"
#include "common/logging/log.h"
#include "common/util/ids.h"

namespace meridian {
namespace {

// How long start-up waits for the database's answer.
constexpr absl::Duration kBootstrapTimeout = absl::Seconds(30);
// A key is ~50 bytes; a file much larger than that is not a key file.
constexpr size_t kMaxKeyFileBytes = 4096;

// Processes making start-up keys take turns ("access" + 0x10 + role), so that replicas
// starting together make one key between them.
constexpr int64_t kStartupKeyLock = 0x6163636573731000;

std::string Errno(int error) { return std::strerror(error); }

// The folder `path` is in ("." for a bare file name).
std::string Folder(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Creates `folder` and its missing parents with mode 0700 (the key's folder should be no
// more open than the key).
absl::Status MakeFolders(const std::string& folder) {
  struct stat info;
  if (stat(folder.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode)) {
      return absl::FailedPreconditionError(absl::StrCat(folder, " is not a folder"));
    }
    return absl::OkStatus();
  }
  if (const std::string parent = Folder(folder); parent != folder) {
    if (absl::Status made = MakeFolders(parent); !made.ok()) return made;
  }
  if (mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the folder ", folder, ": ", Errno(errno)));
  }
  return absl::OkStatus();
}

absl::Status WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t written = write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(Errno(errno));
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

void LockStartupKeys(pqxx::work& tx, access::v1::Role role) {
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kStartupKeyLock + role);
}

// Makes a key of `role` and writes it to `path`, in `tx`: the caller commits after.
absl::StatusOr<std::string> MakeKeyFile(pqxx::work& tx, const std::string& path,
                                        access::v1::Role role, absl::string_view display_name,
                                        std::string* id) {
  *id = NewResourceId();
  const std::string key = key_store::InsertNewApiKey(
      tx, *id, {.display_name = std::string(display_name), .role = role});
  if (absl::Status written = WriteKeyFile(path, key); !written.ok()) return written;
  return key;
}

}  // namespace

absl::Status WriteKeyFile(const std::string& path, absl::string_view key) {
  if (path.empty()) return absl::InvalidArgumentError("the key file's path is empty");
  struct stat info;
  if (lstat(path.c_str(), &info) == 0) {
    if (S_ISLNK(info.st_mode)) {
      return absl::FailedPreconditionError(
          absl::StrCat("refusing to write a key to ", path,
                       ": it is a symbolic link; give the path of a regular file, or of none yet"));
    }
    if (!S_ISREG(info.st_mode)) {
      return absl::FailedPreconditionError(
          absl::StrCat("refusing to write a key to ", path, ": it is not a regular file"));
    }
  } else if (errno != ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat("cannot look at ", path, ": ", Errno(errno)));
  }
  if (absl::Status made = MakeFolders(Folder(path)); !made.ok()) return made;

  // mkstemp creates the file with mode 0600 and O_EXCL: nobody else can have it open.
  std::string temporary = absl::StrCat(path, ".tmp.XXXXXX");
  std::vector<char> name(temporary.begin(), temporary.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create a file beside ", path, ": ", Errno(errno)));
  }
  temporary = name.data();
  absl::Status status = absl::OkStatus();
  if (fchmod(fd, 0600) != 0) status = absl::UnavailableError(Errno(errno));
  if (status.ok()) status = WriteAll(fd, absl::StrCat(key, "\n"));
  if (status.ok() && fsync(fd) != 0) status = absl::UnavailableError(Errno(errno));
  if (close(fd) != 0 && status.ok()) status = absl::UnavailableError(Errno(errno));
  if (status.ok() && rename(temporary.c_str(), path.c_str()) != 0) {
    status = absl::UnavailableError(Errno(errno));
  }
  if (!status.ok()) {
    unlink(temporary.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write the key file ", path, ": ", status.message()));
  }
  // Best effort: makes the rename itself survive a crash.
  if (const int folder = open(Folder(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      folder >= 0) {
    fsync(folder);
    close(folder);
  }
  return absl::OkStatus();
}

namespace {

// The file's content without surrounding whitespace, possibly empty; the errors of
// ReadKeyFile otherwise.
absl::StatusOr<std::string> ReadKeyFileContent(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no key file at ", path));
    return absl::FailedPreconditionError(absl::StrCat("cannot open ", path, ": ", Errno(errno)));
  }
  struct stat info;
  absl::Status status = absl::OkStatus();
  std::string content;
  if (fstat(fd, &info) != 0) {
    status =
        absl::FailedPreconditionError(absl::StrCat("cannot look at ", path, ": ", Errno(errno)));
  } else if (!S_ISREG(info.st_mode)) {
    status = absl::FailedPreconditionError(absl::StrCat(path, " is not a regular file"));
  } else if ((info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    status = absl::FailedPreconditionError(absl::StrFormat(
        "the key file %s is readable by its group or others (mode %04o); a key must be "
        "private: run `chmod 600 %s`",
        path, info.st_mode & 07777, path));
  } else if (static_cast<size_t>(info.st_size) > kMaxKeyFileBytes) {
    status = absl::FailedPreconditionError(absl::StrCat(path, " is too large to be a key file"));
  } else {
    char buffer[kMaxKeyFileBytes + 1];
    for (;;) {
      const ssize_t got = read(fd, buffer, sizeof(buffer));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        status =
            absl::FailedPreconditionError(absl::StrCat("cannot read ", path, ": ", Errno(errno)));
        break;
      }
      if (got == 0) break;
      content.append(buffer, static_cast<size_t>(got));
      if (content.size() > kMaxKeyFileBytes) {
        status =
            absl::FailedPreconditionError(absl::StrCat(path, " is too large to be a key file"));
        break;
      }
    }
  }
  close(fd);
  if (!status.ok()) return status;
  return std::string(absl::StripAsciiWhitespace(content));
}

}  // namespace

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  absl::StatusOr<std::string> key = ReadKeyFileContent(path);
  if (key.ok() && key->empty()) {
    return absl::FailedPreconditionError(absl::StrCat("the key file ", path, " is empty"));
  }
  return key;
}

absl::Status BootstrapAdminKey(db::ConnectionPool& pool, const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("the admin key file's path is empty");
  std::string id;
  bool made = false;
  absl::Status status =
      pool.InTransaction(absl::Now() + kBootstrapTimeout, [&](pqxx::work& tx) -> absl::Status {
        made = false;
        LockStartupKeys(tx, access::v1::ADMIN);
        if (key_store::CountWorkingKeys(tx, access::v1::ADMIN) > 0) return absl::OkStatus();
        absl::StatusOr<std::string> key =
            MakeKeyFile(tx, path, access::v1::ADMIN, kBootstrapAdminDisplayName, &id);
        if (!key.ok()) return key.status();
        made = true;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (made) {
    log::Info("no ADMIN key worked: made one, only in the key file",
              {{"key_file", path}, {"api_key", absl::StrCat("apiKeys/", id)}});
  } else {
    log::Info("an ADMIN key exists: no bootstrap key made", {{"key_file", path}});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EnsureServiceKey(db::ConnectionPool& pool, const std::string& path,
                                             access::v1::Role role) {
  if (role != access::v1::TALENT_SERVICE && role != access::v1::PLACEMENT_SERVICE) {
    return absl::InvalidArgumentError(
        absl::StrCat("a service key's role is TALENT_SERVICE or PLACEMENT_SERVICE, not ",
                     access::v1::Role_Name(role)));
  }
  std::string key;
  std::string id;
  bool made = false;
  absl::Status status =
      pool.InTransaction(absl::Now() + kBootstrapTimeout, [&](pqxx::work& tx) -> absl::Status {
        made = false;
        // Read under the lock: a replica that made the key a moment ago has committed it.
        LockStartupKeys(tx, role);
        // An empty file is replaced like a dead key; one others may read is refused.
        absl::StatusOr<std::string> stored = ReadKeyFileContent(path);
        if (stored.ok()) {
          std::optional<key_store::HashedKey> found;
          if (LooksLikeApiKey(*stored))
            found = key_store::FindApiKeyByHash(tx, ApiKeyHash(*stored));
          if (found.has_value() && found->works && found->key.role() == role) {
            key = *std::move(stored);
            return absl::OkStatus();
          }
          log::Warning("the service key in the key file does not work; making a new one",
                       {{"key_file", path}, {"role", access::v1::Role_Name(role)}});
        } else if (stored.status().code() != absl::StatusCode::kNotFound) {
          return stored.status();
        }
        absl::StatusOr<std::string> fresh = MakeKeyFile(
            tx, path, role,
            absl::AsciiStrToLower(absl::StrReplaceAll(access::v1::Role_Name(role), {{"_", " "}})),
            &id);
        if (!fresh.ok()) return fresh.status();
        key = *std::move(fresh);
        made = true;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (made) {
    log::Info("made a service key", {{"key_file", path},
                                     {"role", access::v1::Role_Name(role)},
                                     {"api_key", absl::StrCat("apiKeys/", id)}});
  }
  return key;
}

}  // namespace meridian

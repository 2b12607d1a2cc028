// common/auth/bootstrap.h against a real PostgreSQL and real files: the first ADMIN key is
// made once, kept private in its file, and never made beside a working one; service keys are
// kept while they work and replaced when they do not; symbolic links and open permissions
// are refused.
#include "common/auth/bootstrap.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/api_key.h"
#include "common/auth/key_store.h"
#include "common/migrations/migrations.h"
#include "common/util/ids.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace meridian {
namespace {

using ::testing::HasSubstr;
using testing::TestDatabase;

absl::Time Soon() { return absl::Now() + absl::Seconds(20); }

std::string Contents(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  {
    std::ofstream file(path, std::ios::trunc);
    file << text;
  }
  ASSERT_EQ(chmod(path.c_str(), mode), 0);
}

mode_t ModeOf(const std::string& path) {
  struct stat info;
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class BootstrapTest : public ::testing::Test {
 protected:
  BootstrapTest() : pool_({.url = database_.url(), .size = 2}) {
    const char* parent = std::getenv("MERIDIAN_TEST_TMPDIR");
    std::string pattern = absl::StrCat(parent != nullptr ? parent : "/tmp", "/bootstrap-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) folder_ = pattern;
  }
  ~BootstrapTest() override {
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
  }

  void SetUp() override {
    ASSERT_FALSE(folder_.empty()) << "mkdtemp failed";
    absl::StatusOr<int> applied = db::ApplyMigrations(database_.url(), db::AllMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  std::string PathOf(const std::string& name) const { return absl::StrCat(folder_, "/", name); }

  int64_t WorkingKeys(access::v1::Role role) {
    int64_t count = -1;
    EXPECT_TRUE(pool_
                    .InTransaction(Soon(),
                                   [&](pqxx::work& tx) {
                                     count = key_store::CountWorkingKeys(tx, role);
                                     return absl::OkStatus();
                                   })
                    .ok());
    return count;
  }

  int64_t AllKeys() {
    int64_t count = -1;
    EXPECT_TRUE(pool_
                    .InTransaction(
                        Soon(),
                        [&](pqxx::work& tx) {
                          count = tx.exec1("SELECT count(*) FROM access.api_keys")[0].as<int64_t>();
                          return absl::OkStatus();
                        })
                    .ok());
    return count;
  }

  std::optional<key_store::HashedKey> Stored(const std::string& key) {
    std::optional<key_store::HashedKey> found;
    EXPECT_TRUE(pool_
                    .InTransaction(Soon(),
                                   [&](pqxx::work& tx) {
                                     found = key_store::FindApiKeyByHash(tx, ApiKeyHash(key));
                                     return absl::OkStatus();
                                   })
                    .ok());
    return found;
  }

  // Inserts a key of `role` directly; returns its id.
  std::string InsertKey(const std::string& key, access::v1::Role role) {
    const std::string id = NewResourceId();
    EXPECT_TRUE(pool_
                    .InTransaction(Soon(),
                                   [&](pqxx::work& tx) {
                                     key_store::InsertApiKey(
                                         tx, id, ApiKeyHash(key),
                                         {.display_name = "made by hand", .role = role});
                                     return absl::OkStatus();
                                   })
                    .ok());
    return id;
  }

  void Revoke(const std::string& key) {
    ASSERT_TRUE(pool_
                    .InTransaction(Soon(),
                                   [&](pqxx::work& tx) {
                                     tx.exec_params(
                                         "UPDATE access.api_keys SET revoke_time = now() "
                                         "WHERE key_hash = $1",
                                         ApiKeyHash(key));
                                     return absl::OkStatus();
                                   })
                    .ok());
  }

  // Files in the test's folder, recursively (temporary files left behind would show here).
  std::vector<std::string> Files() const {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder_)) {
      if (!entry.is_directory()) files.push_back(entry.path().filename().string());
    }
    return files;
  }

  TestDatabase database_;
  db::ConnectionPool pool_;
  std::string folder_;
};

TEST_F(BootstrapTest, MakesTheFirstAdminKeyInAPrivateFileInANewFolder) {
  const std::string path = PathOf("state/keys/admin.key");
  ASSERT_TRUE(BootstrapAdminKey(pool_, path).ok());

  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_EQ(ModeOf(PathOf("state/keys")), 0700);
  EXPECT_EQ(ModeOf(PathOf("state")), 0700);
  const std::string text = Contents(path);
  ASSERT_TRUE(absl::EndsWith(text, "\n"));
  const std::string key = text.substr(0, text.size() - 1);
  EXPECT_TRUE(LooksLikeApiKey(key)) << "not a key";
  EXPECT_EQ(ReadKeyFile(path).value_or(""), key);
  EXPECT_THAT(Files(), ::testing::ElementsAre("admin.key")) << "a temporary file was left";

  std::optional<key_store::HashedKey> stored = Stored(key);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->works);
  EXPECT_EQ(stored->key.role(), access::v1::ADMIN);
  EXPECT_EQ(stored->key.display_name(), "bootstrap admin");
  EXPECT_EQ(stored->key.creator(), "");
  EXPECT_EQ(AllKeys(), 1);
}

TEST_F(BootstrapTest, ASecondRunDoesNothing) {
  const std::string path = PathOf("admin.key");
  ASSERT_TRUE(BootstrapAdminKey(pool_, path).ok());
  const std::string first = Contents(path);
  struct stat before;
  ASSERT_EQ(stat(path.c_str(), &before), 0);

  ASSERT_TRUE(BootstrapAdminKey(pool_, path).ok());
  struct stat after;
  ASSERT_EQ(stat(path.c_str(), &after), 0);
  EXPECT_EQ(Contents(path), first);
  EXPECT_EQ(after.st_ino, before.st_ino) << "the file was written again";
  EXPECT_EQ(AllKeys(), 1);
}

TEST_F(BootstrapTest, ADatabaseWithAWorkingAdminKeyGetsNone) {
  InsertKey(NewApiKey(), access::v1::ADMIN);
  const std::string path = PathOf("admin.key");
  ASSERT_TRUE(BootstrapAdminKey(pool_, path).ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(AllKeys(), 1);
}

// Keys of other roles are no way in for an administrator.
TEST_F(BootstrapTest, OnlyWorkingAdminKeysCount) {
  const std::string revoked = NewApiKey();
  InsertKey(revoked, access::v1::ADMIN);
  Revoke(revoked);
  InsertKey(NewApiKey(), access::v1::RECRUITER);
  const std::string path = PathOf("admin.key");
  ASSERT_TRUE(BootstrapAdminKey(pool_, path).ok());
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(WorkingKeys(access::v1::ADMIN), 1);
  EXPECT_TRUE(Stored(ReadKeyFile(path).value_or(""))->works);
}

TEST_F(BootstrapTest, ASymbolicLinkIsRefusedAndNoKeyIsLeftBehind) {
  const std::string target = PathOf("elsewhere");
  WriteFile(target, "precious\n", 0644);
  const std::string path = PathOf("admin.key");
  ASSERT_EQ(symlink(target.c_str(), path.c_str()), 0);

  const absl::Status refused = BootstrapAdminKey(pool_, path);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("symbolic link"));
  EXPECT_EQ(Contents(target), "precious\n");
  EXPECT_EQ(AllKeys(), 0) << "the key's transaction must roll back";

  // A dangling link too: writing through it would create its target.
  const std::string dangling = PathOf("dangling.key");
  ASSERT_EQ(symlink(PathOf("nowhere").c_str(), dangling.c_str()), 0);
  EXPECT_EQ(BootstrapAdminKey(pool_, dangling).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(PathOf("nowhere")));
  EXPECT_EQ(AllKeys(), 0);
}

TEST_F(BootstrapTest, APathThatIsAFolderIsRefused) {
  ASSERT_EQ(mkdir(PathOf("admin.key").c_str(), 0700), 0);
  EXPECT_EQ(BootstrapAdminKey(pool_, PathOf("admin.key")).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AllKeys(), 0);
  EXPECT_EQ(BootstrapAdminKey(pool_, "").code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(BootstrapTest, ReadKeyFileTrimsWhitespace) {
  const std::string path = PathOf("key");
  WriteFile(path, "  \n mrd_abc \t\n\n", 0600);
  EXPECT_EQ(ReadKeyFile(path).value_or(""), "mrd_abc");
  WriteFile(path, "mrd_abc", 0400);
  EXPECT_EQ(ReadKeyFile(path).value_or(""), "mrd_abc");
}

TEST_F(BootstrapTest, ReadKeyFileRefusesAFileOthersMayRead) {
  const std::string path = PathOf("key");
  for (mode_t mode : {0644, 0640, 0604, 0660}) {
    WriteFile(path, "mrd_abc\n", mode);
    const absl::StatusOr<std::string> refused = ReadKeyFile(path);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << mode;
    EXPECT_THAT(refused.status().message(), HasSubstr(absl::StrCat("chmod 600 ", path)));
    EXPECT_THAT(refused.status().message(), ::testing::Not(HasSubstr("mrd_abc")));
  }
}

TEST_F(BootstrapTest, ReadKeyFileSaysWhatIsWrong) {
  EXPECT_EQ(ReadKeyFile(PathOf("missing")).status().code(), absl::StatusCode::kNotFound);
  WriteFile(PathOf("empty"), " \n", 0600);
  EXPECT_EQ(ReadKeyFile(PathOf("empty")).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadKeyFile(folder_).status().code(), absl::StatusCode::kFailedPrecondition);
  // A link to a private file is read (a mounted secret is one).
  WriteFile(PathOf("secret"), "mrd_abc\n", 0600);
  ASSERT_EQ(symlink(PathOf("secret").c_str(), PathOf("link").c_str()), 0);
  EXPECT_EQ(ReadKeyFile(PathOf("link")).value_or(""), "mrd_abc");
}

TEST_F(BootstrapTest, AServiceKeyIsMadeOnceAndKeptWhileItWorks) {
  const std::string path = PathOf("keys/placement.key");
  absl::StatusOr<std::string> made = EnsureServiceKey(pool_, path, access::v1::PLACEMENT_SERVICE);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_TRUE(LooksLikeApiKey(*made));
  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_EQ(ReadKeyFile(path).value_or(""), *made);
  std::optional<key_store::HashedKey> stored = Stored(*made);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->key.role(), access::v1::PLACEMENT_SERVICE);
  EXPECT_EQ(stored->key.display_name(), "placement service");
  EXPECT_TRUE(stored->works);

  absl::StatusOr<std::string> again = EnsureServiceKey(pool_, path, access::v1::PLACEMENT_SERVICE);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *made);
  EXPECT_EQ(AllKeys(), 1);
}

TEST_F(BootstrapTest, AServiceKeyThatNoLongerWorksIsReplaced) {
  const std::string path = PathOf("talent.key");
  const std::string first = EnsureServiceKey(pool_, path, access::v1::TALENT_SERVICE).value();
  Revoke(first);
  absl::StatusOr<std::string> second = EnsureServiceKey(pool_, path, access::v1::TALENT_SERVICE);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*second, first);
  EXPECT_EQ(ReadKeyFile(path).value_or(""), *second);
  EXPECT_TRUE(Stored(*second)->works);
  EXPECT_EQ(WorkingKeys(access::v1::TALENT_SERVICE), 1);
}

TEST_F(BootstrapTest, AKeyOfAnotherRoleOrNoKeyAtAllIsReplaced) {
  const std::string path = PathOf("talent.key");
  const std::string admin = NewApiKey();
  InsertKey(admin, access::v1::ADMIN);
  WriteFile(path, admin + "\n", 0600);
  absl::StatusOr<std::string> made = EnsureServiceKey(pool_, path, access::v1::TALENT_SERVICE);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_NE(*made, admin);
  EXPECT_EQ(Stored(*made)->key.role(), access::v1::TALENT_SERVICE);

  for (const char* junk : {"not a key\n", "\n", "mrd_unknownbutshapedlikenothing\n"}) {
    WriteFile(path, junk, 0600);
    absl::StatusOr<std::string> replaced =
        EnsureServiceKey(pool_, path, access::v1::TALENT_SERVICE);
    ASSERT_TRUE(replaced.ok()) << replaced.status();
    EXPECT_TRUE(Stored(*replaced)->works) << junk;
    EXPECT_EQ(ReadKeyFile(path).value_or(""), *replaced);
  }
}

TEST_F(BootstrapTest, AServiceKeyFileOthersMayReadIsRefusedNotReplaced) {
  const std::string path = PathOf("talent.key");
  WriteFile(path, "mrd_abc\n", 0644);
  EXPECT_EQ(EnsureServiceKey(pool_, path, access::v1::TALENT_SERVICE).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Contents(path), "mrd_abc\n");
  EXPECT_EQ(AllKeys(), 0);
}

TEST_F(BootstrapTest, OnlyServiceRolesGetServiceKeys) {
  for (access::v1::Role role : {access::v1::ADMIN, access::v1::RECRUITER, access::v1::PARTNER,
                                access::v1::ROLE_UNSPECIFIED}) {
    EXPECT_EQ(EnsureServiceKey(pool_, PathOf("x.key"), role).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(std::filesystem::exists(PathOf("x.key")));
  EXPECT_EQ(AllKeys(), 0);
}

}  // namespace
}  // namespace meridian

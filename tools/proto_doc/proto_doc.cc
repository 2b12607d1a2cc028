// proto_doc: the API reference (docs/api.md) and the comment coverage of Meridian's contract,
// from a descriptor set that protoc writes with the .proto files' comments
// (`protoc --include_imports --include_source_info --descriptor_set_out=contract.binpb ...`).
//
//   proto_doc --descriptor_set=contract.binpb --output=api.md     # the reference, in Markdown
//   proto_doc --descriptor_set=contract.binpb --coverage          # elements with a comment;
//                                                                 # exit 1 unless all have one
//   proto_doc --descriptor_set=contract.binpb --coverage --list_undocumented
//
// Only files under meridian/ are documented (Google's and gRPC's protos are linked to, not
// copied). The build regenerates the reference into the build tree; a ctest compares it with
// the checked-in docs/api.md. Field behaviour (google.api.field_behavior) and resource
// patterns (google.api.resource) are read from the options, so the reference says what is
// required, output only or immutable exactly as the contract does.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/api/field_behavior.pb.h"
#include "google/api/resource.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

ABSL_FLAG(std::string, descriptor_set, "", "FileDescriptorSet with source info (protoc -o)");
ABSL_FLAG(std::string, output, "", "where to write the Markdown reference");
ABSL_FLAG(bool, coverage, false, "print how many elements of each kind have a comment");
ABSL_FLAG(bool, list_undocumented, false, "with --coverage: name every element without one");

namespace meridian::proto_doc {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::OneofDescriptor;
using google::protobuf::ServiceDescriptor;
using google::protobuf::SourceLocation;

// The element's leading comment (else its trailing one), without the comment markers'
// indentation, lines joined by newlines.
template <typename T>
std::string CommentOf(const T& element) {
  SourceLocation location;
  if (!element.GetSourceLocation(&location)) return "";
  std::string text =
      location.leading_comments.empty() ? location.trailing_comments : location.leading_comments;
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::ConsumePrefix(&line, " ");
    lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return absl::StrJoin(lines, "\n");
}

// The file's own comment: the one above `syntax`.
std::string FileComment(const FileDescriptor& file) {
  SourceLocation location;
  if (!file.GetSourceLocation({12}, &location)) return "";  // 12: FileDescriptorProto.syntax
  std::string text = location.leading_comments;
  if (text.empty() && !location.leading_detached_comments.empty()) {
    text = location.leading_detached_comments.front();
  }
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::ConsumePrefix(&line, " ");
    lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return absl::StrJoin(lines, "\n");
}

// Markdown for a comment: indented lines (a list of resources, an example) become a code
// block, so that Markdown does not run them into the paragraph around them.
std::string Prose(absl::string_view comment) {
  std::string text;
  bool in_code = false;
  for (absl::string_view line : absl::StrSplit(comment, '\n')) {
    const bool indented = absl::StartsWith(line, "  ");
    if (indented != in_code) {
      absl::StrAppend(&text, in_code ? "```\n" : "\n```\n");
      in_code = indented;
    }
    absl::StrAppend(&text, line, "\n");
  }
  if (in_code) absl::StrAppend(&text, "```\n");
  return text;
}

bool Documented(const std::string& file) { return absl::StartsWith(file, "meridian/"); }

// A Markdown anchor for a fully qualified name, as GitHub makes one from a heading.
std::string Anchor(absl::string_view full_name) {
  std::string anchor;
  for (char c : full_name) {
    if (absl::ascii_isalnum(c) || c == '_' || c == '-') anchor += absl::ascii_tolower(c);
  }
  return anchor;
}

// Text for a table cell: one line, pipes escaped. Paragraphs keep a <br>.
std::string Cell(absl::string_view text) {
  std::string cell = absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n\n", "<br>"}, {"\n", " "}});
  return cell;
}

std::string TypeName(const FieldDescriptor& field);

std::string Link(absl::string_view full_name, const FileDescriptor* file) {
  if (file != nullptr && Documented(file->name())) {
    return absl::StrCat("[`", full_name, "`](#", Anchor(full_name), ")");
  }
  return absl::StrCat("`", full_name, "`");
}

std::string TypeName(const FieldDescriptor& field) {
  if (field.is_map()) {
    const Descriptor* entry = field.message_type();
    return absl::StrCat("map<", TypeName(*entry->map_key()), ", ", TypeName(*entry->map_value()),
                        ">");
  }
  std::string type;
  if (field.message_type() != nullptr) {
    type = Link(field.message_type()->full_name(), field.message_type()->file());
  } else if (field.enum_type() != nullptr) {
    type = Link(field.enum_type()->full_name(), field.enum_type()->file());
  } else {
    type = absl::StrCat("`", field.type_name(), "`");
  }
  if (field.is_repeated()) return absl::StrCat("repeated ", type);
  if (field.has_optional_keyword()) return absl::StrCat("optional ", type);
  return type;
}

std::string Behaviour(const FieldDescriptor& field) {
  std::vector<std::string> words;
  const auto& options = field.options();
  for (int i = 0; i < options.ExtensionSize(google::api::field_behavior); ++i) {
    words.push_back(google::api::FieldBehavior_Name(static_cast<google::api::FieldBehavior>(
        options.GetExtension(google::api::field_behavior, i))));
  }
  if (options.HasExtension(google::api::resource_reference)) {
    const google::api::ResourceReference& ref =
        options.GetExtension(google::api::resource_reference);
    if (!ref.type().empty()) words.push_back(absl::StrCat("names a `", ref.type(), "`"));
    if (!ref.child_type().empty()) {
      words.push_back(absl::StrCat("parent of `", ref.child_type(), "`"));
    }
  }
  return absl::StrJoin(words, ", ");
}

class Writer {
 public:
  void File(const FileDescriptor& file) {
    out_ << "## " << file.package() << " — `" << file.name() << "`\n\n";
    if (std::string comment = FileComment(file); !comment.empty()) out_ << Prose(comment) << "\n";
    for (int i = 0; i < file.service_count(); ++i) Service(*file.service(i));
    for (int i = 0; i < file.message_type_count(); ++i) Message(*file.message_type(i));
    for (int i = 0; i < file.enum_type_count(); ++i) Enum(*file.enum_type(i));
  }

  std::string Text() const { return out_.str(); }

 private:
  void Service(const ServiceDescriptor& service) {
    out_ << "### " << service.full_name() << "\n\n";
    if (std::string comment = CommentOf(service); !comment.empty()) out_ << Prose(comment) << "\n";
    out_ << "| RPC | Request | Response | Description |\n| --- | --- | --- | --- |\n";
    for (int i = 0; i < service.method_count(); ++i) {
      const MethodDescriptor& method = *service.method(i);
      out_ << "| `" << method.name() << "` | "
           << Link(method.input_type()->full_name(), method.input_type()->file()) << " | "
           << (method.server_streaming() ? "stream " : "")
           << Link(method.output_type()->full_name(), method.output_type()->file()) << " | "
           << Cell(CommentOf(method)) << " |\n";
    }
    out_ << "\n";
  }

  void Message(const Descriptor& message) {
    if (message.options().map_entry()) return;
    out_ << "### " << message.full_name() << "\n\n";
    if (message.options().HasExtension(google::api::resource)) {
      const google::api::ResourceDescriptor& resource =
          message.options().GetExtension(google::api::resource);
      out_ << "Resource `" << resource.type() << "`, named `"
           << absl::StrJoin(resource.pattern(), "`, `") << "`.\n\n";
    }
    if (std::string comment = CommentOf(message); !comment.empty()) out_ << Prose(comment) << "\n";
    if (message.field_count() > 0) {
      out_ << "| Field | Type | Behaviour | Description |\n| --- | --- | --- | --- |\n";
      for (int i = 0; i < message.field_count(); ++i) {
        const FieldDescriptor& field = *message.field(i);
        std::string description = CommentOf(field);
        if (const OneofDescriptor* oneof = field.real_containing_oneof()) {
          description = absl::StrCat("One of `", oneof->name(), "`. ", description);
        }
        out_ << "| `" << field.name() << "` | " << TypeName(field) << " | " << Behaviour(field)
             << " | " << Cell(description) << " |\n";
      }
      out_ << "\n";
    }
    for (int i = 0; i < message.nested_type_count(); ++i) Message(*message.nested_type(i));
    for (int i = 0; i < message.enum_type_count(); ++i) Enum(*message.enum_type(i));
  }

  void Enum(const EnumDescriptor& type) {
    out_ << "### " << type.full_name() << "\n\n";
    if (std::string comment = CommentOf(type); !comment.empty()) out_ << Prose(comment) << "\n";
    out_ << "| Value | Number | Description |\n| --- | --- | --- |\n";
    for (int i = 0; i < type.value_count(); ++i) {
      const EnumValueDescriptor& value = *type.value(i);
      out_ << "| `" << value.name() << "` | " << value.number() << " | " << Cell(CommentOf(value))
           << " |\n";
    }
    out_ << "\n";
  }

  std::ostringstream out_;
};

// How many elements of each kind there are and how many have a comment.
class Coverage {
 public:
  void File(const FileDescriptor& file) {
    for (int i = 0; i < file.service_count(); ++i) {
      const ServiceDescriptor& service = *file.service(i);
      Count("services", service);
      for (int j = 0; j < service.method_count(); ++j) Count("rpcs", *service.method(j));
    }
    for (int i = 0; i < file.message_type_count(); ++i) Message(*file.message_type(i));
    for (int i = 0; i < file.enum_type_count(); ++i) Enum(*file.enum_type(i));
  }

  // True when every element has a comment.
  bool Print(bool list) const {
    int all = 0;
    int documented = 0;
    for (const auto& [kind, counts] : counts_) {
      std::printf("%-12s %4d of %4d documented (%.0f%%)\n", kind.c_str(), counts.first,
                  counts.second, 100.0 * counts.first / counts.second);
      all += counts.second;
      documented += counts.first;
    }
    std::printf("%-12s %4d of %4d documented (%.0f%%)\n", "all", documented, all,
                100.0 * documented / all);
    if (list) {
      for (const std::string& name : missing_) std::printf("undocumented: %s\n", name.c_str());
    }
    return documented == all;
  }

 private:
  template <typename T>
  void Count(const std::string& kind, const T& element) {
    auto& counts = counts_[kind];
    ++counts.second;
    if (!CommentOf(element).empty()) {
      ++counts.first;
    } else {
      missing_.push_back(absl::StrCat(kind, " ", element.full_name()));
    }
  }

  void Message(const Descriptor& message) {
    if (message.options().map_entry()) return;
    Count("messages", message);
    for (int i = 0; i < message.field_count(); ++i) Count("fields", *message.field(i));
    for (int i = 0; i < message.oneof_decl_count(); ++i) {
      // A proto3 `optional` is a synthetic oneof of one field, not a oneof anyone wrote.
      if (!message.oneof_decl(i)->is_synthetic()) Count("oneofs", *message.oneof_decl(i));
    }
    for (int i = 0; i < message.nested_type_count(); ++i) Message(*message.nested_type(i));
    for (int i = 0; i < message.enum_type_count(); ++i) Enum(*message.enum_type(i));
  }

  void Enum(const EnumDescriptor& type) {
    Count("enums", type);
    for (int i = 0; i < type.value_count(); ++i) Count("enum values", *type.value(i));
  }

  std::map<std::string, std::pair<int, int>> counts_;
  std::vector<std::string> missing_;
};

int Run() {
  const std::string path = absl::GetFlag(FLAGS_descriptor_set);
  std::ifstream in(path, std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  if (!in || !set.ParseFromIstream(&in)) {
    std::cerr << "proto_doc: cannot read a FileDescriptorSet from " << path << "\n";
    return 2;
  }
  google::protobuf::DescriptorPool pool;
  std::vector<const FileDescriptor*> files;
  for (const auto& proto : set.file()) {
    const FileDescriptor* file = pool.BuildFile(proto);
    if (file == nullptr) {
      std::cerr << "proto_doc: " << proto.name() << " does not build\n";
      return 2;
    }
    if (Documented(file->name())) files.push_back(file);
  }
  std::sort(files.begin(), files.end(),
            [](const FileDescriptor* a, const FileDescriptor* b) { return a->name() < b->name(); });

  if (absl::GetFlag(FLAGS_coverage)) {
    Coverage coverage;
    for (const FileDescriptor* file : files) coverage.File(*file);
    return coverage.Print(absl::GetFlag(FLAGS_list_undocumented)) ? 0 : 1;
  }

  std::string text =
      "# Meridian API reference\n\n"
      "Generated from the contract in `proto/meridian` by `tools/proto_doc` (the build writes it "
      "to "
      "`build/docs/api.md`; the ctest `ApiReferenceIsUpToDate` fails when this copy differs, and "
      "`./meridian build` followed by `cp build/docs/api.md docs/api.md` brings it up to date). "
      "Do not edit it by hand.\n\n"
      "Behaviour comes from `google.api.field_behavior`: `REQUIRED` (the call fails without it), "
      "`OUTPUT_ONLY` (set by the server; ignored in requests), `IMMUTABLE` (set on create, never "
      "changed), `IDENTIFIER` (the resource's name: output only on create, how updates find "
      "it), `OPTIONAL` (may be left unset, said where the message also has required fields).\n\n"
      "## Contents\n\n";
  for (const FileDescriptor* file : files) {
    for (int i = 0; i < file->service_count(); ++i) {
      absl::StrAppend(&text, "- [", file->service(i)->full_name(), "](#",
                      Anchor(file->service(i)->full_name()), ")\n");
    }
  }
  for (const FileDescriptor* file : files) {
    if (file->service_count() == 0) {
      absl::StrAppend(&text, "- `", file->name(), "` (shared types)\n");
    }
  }
  absl::StrAppend(&text, "\n");
  for (const FileDescriptor* file : files) {
    Writer writer;
    writer.File(*file);
    absl::StrAppend(&text, writer.Text());
  }
  while (absl::EndsWith(text, "\n\n")) text.pop_back();

  const std::string output = absl::GetFlag(FLAGS_output);
  if (output.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    std::cerr << "proto_doc: cannot write " << output << "\n";
    return 2;
  }
  return 0;
}

}  // namespace
}  // namespace meridian::proto_doc

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes Meridian's API reference (Markdown) or its comment coverage from a descriptor "
      "set with source info.");
  absl::ParseCommandLine(argc, argv);
  return meridian::proto_doc::Run();
}

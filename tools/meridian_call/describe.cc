#include "tools/meridian_call/describe.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/api/field_behavior.pb.h"
#include "google/api/resource.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "nlohmann/json.hpp"
#include "tools/meridian_call/method_lookup.h"

namespace meridian::call {
namespace {

namespace pb = google::protobuf;
using OrderedJson = nlohmann::ordered_json;

constexpr int kMaxDepth = 4;

bool Has(const pb::FieldDescriptor& field, google::api::FieldBehavior behavior) {
  for (int b : field.options().GetRepeatedExtension(google::api::field_behavior)) {
    if (b == behavior) return true;
  }
  return false;
}

std::string Comment(const pb::SourceLocation& location) {
  std::string text(absl::StripAsciiWhitespace(location.leading_comments));
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    lines.push_back(std::string(absl::StripAsciiWhitespace(line)));
  }
  return absl::StrJoin(lines, " ");
}

template <typename Descriptor>
std::string CommentOf(const Descriptor* commented) {
  pb::SourceLocation location;
  if (commented == nullptr || !commented->GetSourceLocation(&location)) return "";
  return Comment(location);
}

// Wraps `text` at 96 columns, each line indented by `indent`.
void AppendWrapped(std::string& out, absl::string_view text, size_t indent) {
  if (text.empty()) return;
  std::string line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > 96) {
      absl::StrAppend(&out, std::string(indent, ' '), line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  if (!line.empty()) absl::StrAppend(&out, std::string(indent, ' '), line, "\n");
}

std::string EnumValues(const pb::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() != 0) names.push_back(type.value(i)->name());
  }
  return absl::StrJoin(names, " | ");
}

// The JSON shape of a well-known message, or "" for an ordinary one.
std::string WellKnownShape(const pb::Descriptor& type) {
  const std::string& name = type.full_name();
  if (name == "google.protobuf.Timestamp") return "timestamp, RFC 3339 (\"2027-03-01T15:00:00Z\")";
  if (name == "google.protobuf.Duration") return "duration (\"90s\")";
  if (name == "google.protobuf.FieldMask") return "field mask (\"title,location\")";
  if (name == "google.type.Date") return "date {\"year\": 2027, \"month\": 3, \"day\": 1}";
  return "";
}

std::string TypeText(const pb::FieldDescriptor& field) {
  std::string type;
  if (field.is_map()) {
    const pb::FieldDescriptor& value = *field.message_type()->map_value();
    type = absl::StrCat(
        "map<string, ",
        value.message_type() ? value.message_type()->full_name() : std::string(value.type_name()),
        ">");
  } else if (field.enum_type() != nullptr) {
    type =
        absl::StrCat("enum ", field.enum_type()->name(), " (", EnumValues(*field.enum_type()), ")");
  } else if (field.message_type() != nullptr) {
    const std::string shape = WellKnownShape(*field.message_type());
    type = shape.empty() ? field.message_type()->full_name() : shape;
  } else {
    type = field.type_name();
  }
  if (field.is_repeated() && !field.is_map()) type = absl::StrCat("list of ", type);
  return type;
}

void DescribeFields(std::string& out, const pb::Descriptor& type, const pb::DescriptorPool* pool,
                    size_t indent, std::set<std::string>& open) {
  if (!open.insert(type.full_name()).second || open.size() > kMaxDepth) {
    open.erase(type.full_name());
    return;
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    if (Has(field, google::api::OUTPUT_ONLY)) continue;
    std::string head = absl::StrCat(field.name(), ": ", TypeText(field));
    if (Has(field, google::api::REQUIRED)) absl::StrAppend(&head, ", required");
    if (Has(field, google::api::IMMUTABLE)) absl::StrAppend(&head, ", immutable");
    absl::StrAppend(&out, std::string(indent, ' '), head, "\n");
    AppendWrapped(out, CommentOf(pool ? pool->FindFieldByName(field.full_name()) : nullptr),
                  indent + 4);
    if (field.message_type() != nullptr && !field.is_map() &&
        WellKnownShape(*field.message_type()).empty() &&
        !absl::StartsWith(field.message_type()->full_name(), "google.protobuf.")) {
      DescribeFields(out, *field.message_type(), pool, indent + 2, open);
    }
  }
  open.erase(type.full_name());
}

// Resource patterns by type ("talent.meridian/Interview" -> "clients/{client}/...").
using Patterns = std::map<std::string, std::string>;

// Every resource pattern of the files of `services`.
Patterns ResourcePatterns(const std::vector<const pb::ServiceDescriptor*>& services) {
  Patterns patterns;
  {
    Patterns* found = &patterns;
    std::vector<const pb::Descriptor*> pending;
    for (const pb::ServiceDescriptor* service : services) {
      const pb::FileDescriptor* file = service->file();
      for (int i = 0; i < file->message_type_count(); ++i) pending.push_back(file->message_type(i));
    }
    while (!pending.empty()) {
      const pb::Descriptor* message = pending.back();
      pending.pop_back();
      const google::api::ResourceDescriptor& resource =
          message->options().GetExtension(google::api::resource);
      if (!resource.type().empty() && resource.pattern_size() > 0) {
        (*found)[resource.type()] = resource.pattern(0);
      }
      for (int i = 0; i < message->field_count(); ++i) {
        if (const pb::Descriptor* nested = message->field(i)->message_type()) {
          if (!found->contains(nested->full_name()) &&
              absl::StartsWith(nested->full_name(), "meridian.")) {
            // Reached through a field of another file (events carry every resource).
            const google::api::ResourceDescriptor& r =
                nested->options().GetExtension(google::api::resource);
            if (!r.type().empty() && r.pattern_size() > 0) (*found)[r.type()] = r.pattern(0);
          }
        }
      }
    }
  }
  return patterns;
}

std::string NamePlaceholder(const pb::FieldDescriptor& field, const Patterns& patterns) {
  const google::api::ResourceReference& reference =
      field.options().GetExtension(google::api::resource_reference);
  const bool child = reference.type().empty() && !reference.child_type().empty();
  const std::string& type = child ? reference.child_type() : reference.type();
  auto it = patterns.find(type);
  if (it == patterns.end()) return absl::StrCat("<", field.name(), ">");
  std::string pattern = it->second;
  if (child) {
    // The parent of a child type: the pattern without its last collection and id.
    std::vector<std::string> parts = absl::StrSplit(pattern, '/');
    if (parts.size() >= 2) parts.resize(parts.size() - 2);
    pattern = absl::StrJoin(parts, "/");
  }
  return pattern;
}

OrderedJson Placeholder(const pb::FieldDescriptor& field, const Patterns& patterns,
                        std::set<std::string>& open);

OrderedJson ExampleOf(const pb::Descriptor& type, const Patterns& patterns,
                      std::set<std::string>& open) {
  OrderedJson object = OrderedJson::object();
  if (!open.insert(type.full_name()).second) return object;
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    if (!Has(field, google::api::REQUIRED) || Has(field, google::api::OUTPUT_ONLY)) continue;
    OrderedJson value = Placeholder(field, patterns, open);
    if (field.is_repeated() && !field.is_map()) value = OrderedJson::array({value});
    object[field.name()] = value;
  }
  open.erase(type.full_name());
  return object;
}

OrderedJson Placeholder(const pb::FieldDescriptor& field, const Patterns& patterns,
                        std::set<std::string>& open) {
  if (field.is_map()) return OrderedJson::object();
  if (const pb::EnumDescriptor* type = field.enum_type()) {
    for (int i = 0; i < type->value_count(); ++i) {
      if (type->value(i)->number() != 0) return type->value(i)->name();
    }
    return type->value(0)->name();
  }
  if (const pb::Descriptor* type = field.message_type()) {
    const std::string& name = type->full_name();
    if (name == "google.protobuf.Timestamp") return "2027-03-01T15:00:00Z";
    if (name == "google.protobuf.Duration") return "90s";
    if (name == "google.protobuf.FieldMask") return "title";
    if (name == "google.type.Date") return OrderedJson{{"year", 2027}, {"month", 3}, {"day", 1}};
    return ExampleOf(*type, patterns, open);
  }
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      if (field.name() == "name" || field.name() == "parent" ||
          field.options().HasExtension(google::api::resource_reference)) {
        return NamePlaceholder(field, patterns);
      }
      return absl::StrCat("<", field.name(), ">");
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return true;
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return 1.0;
    default:
      return 1;
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<pb::DescriptorPool>> LoadCommentedPool(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream bytes;
  bytes << in.rdbuf();
  pb::FileDescriptorSet set;
  if (!set.ParseFromString(bytes.str())) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a FileDescriptorSet"));
  }
  auto pool = std::make_unique<pb::DescriptorPool>();
  for (const pb::FileDescriptorProto& file : set.file()) {
    if (pool->BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", file.name(), " does not build"));
    }
  }
  return pool;
}

std::string DescribeMethod(const pb::MethodDescriptor& method, const pb::DescriptorPool* pool,
                           const std::vector<const pb::ServiceDescriptor*>& services) {
  std::string out = absl::StrCat(method.service()->full_name(), "/", method.name(), "\n");
  AppendWrapped(out, CommentOf(pool ? pool->FindMethodByName(method.full_name()) : nullptr), 2);
  absl::StrAppend(&out, "\nrequest ", method.input_type()->full_name(),
                  " (output-only fields left out: a request ignores them):\n");
  std::set<std::string> open;
  DescribeFields(out, *method.input_type(), pool, 2, open);
  absl::StrAppend(&out, "\nresponse ", method.server_streaming() ? "(a stream of) " : "",
                  method.output_type()->full_name(), "\n");
  AppendWrapped(
      out,
      CommentOf(pool ? pool->FindMessageTypeByName(method.output_type()->full_name()) : nullptr),
      2);
  absl::StrAppend(&out, "\nexample (required fields only):\n  ./meridian call ",
                  PortOf(*method.service()), " ", method.name(), " '",
                  ExampleRequest(*method.input_type(), services), "'\n");
  if (pool == nullptr) {
    absl::StrAppend(&out,
                    "\n(no comments: the build's docs/contract.binpb was not found; run "
                    "./meridian build)\n");
  }
  return out;
}

std::string ExampleRequest(const pb::Descriptor& type,
                           const std::vector<const pb::ServiceDescriptor*>& services) {
  std::set<std::string> open;
  return ExampleOf(type, ResourcePatterns(services), open).dump();
}

}  // namespace meridian::call

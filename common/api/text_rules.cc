#include "common/api/text_rules.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace meridian {

using google::protobuf::FieldDescriptor;

bool HasControlCharacter(absl::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) return true;
  }
  return false;
}

void CheckTextFields(const google::protobuf::Message& message, absl::string_view path,
                     FieldViolations& violations) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = absl::StrCat(path, ".", field->name());
    const auto check = [&](const std::string& at, absl::string_view text) {
      if (HasControlCharacter(text)) violations.Add(at, "must not contain control characters");
    };
    if (field->is_repeated()) {
      const int size = reflection->FieldSize(message, field);
      for (int i = 0; i < size; ++i) {
        const std::string at = absl::StrCat(field_path, "[", i, "]");
        if (field->type() == FieldDescriptor::TYPE_STRING) {
          check(at, reflection->GetRepeatedString(message, field, i));
        } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
          CheckTextFields(reflection->GetRepeatedMessage(message, field, i), at, violations);
        }
      }
    } else if (field->type() == FieldDescriptor::TYPE_STRING) {
      check(field_path, reflection->GetString(message, field));
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      CheckTextFields(reflection->GetMessage(message, field), field_path, violations);
    }
  }
}

}  // namespace meridian

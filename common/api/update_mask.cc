#include "common/api/update_mask.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"
#include "google/protobuf/util/field_mask_util.h"

namespace meridian {

using google::protobuf::FieldDescriptor;
using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;

absl::Status ApplyUpdateMask(const google::protobuf::Message& patch, const FieldMask& mask,
                             const UpdateMaskRules& rules, google::protobuf::Message* target) {
  const google::protobuf::Descriptor* descriptor = patch.GetDescriptor();
  FieldMask effective;
  const bool everything = mask.paths_size() == 1 && mask.paths(0) == "*";
  if (everything || mask.paths().empty()) {
    std::vector<const FieldDescriptor*> fields;
    if (everything) {
      for (int i = 0; i < descriptor->field_count(); ++i) fields.push_back(descriptor->field(i));
    } else {
      patch.GetReflection()->ListFields(patch, &fields);
    }
    for (const FieldDescriptor* field : fields) {
      if (!rules.immutable.contains(field->name())) effective.add_paths(field->name());
    }
  } else {
    FieldViolations violations;
    for (int i = 0; i < mask.paths_size(); ++i) {
      const std::string& path = mask.paths(i);
      const std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
      const bool well_formed = std::none_of(segments.begin(), segments.end(),
                                            [](absl::string_view s) { return s.empty(); });
      // Checked before the lookup, which skips empty segments: ".name" must not slip past
      // the immutable-field rule below.
      if (!well_formed || !FieldMaskUtil::GetFieldDescriptors(descriptor, path, nullptr)) {
        violations.Add(absl::StrCat("update_mask.paths[", i, "]"),
                       absl::StrCat(Quote(path), " is not a field of ", rules.resource_field));
      } else if (rules.immutable.contains(std::string(segments.front()))) {
        violations.Add(absl::StrCat("update_mask.paths[", i, "]"),
                       absl::StrCat(Quote(path), " cannot be updated"));
      } else {
        effective.add_paths(path);
      }
    }
    if (!violations.empty()) return violations.ToStatus();
  }
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, effective, options, target);
  return absl::OkStatus();
}

}  // namespace meridian

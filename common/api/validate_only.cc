#include "common/api/validate_only.h"

#include "google/protobuf/descriptor.h"

namespace meridian {

void ClearIdentityFields(google::protobuf::Message& resource) {
  const google::protobuf::Descriptor* descriptor = resource.GetDescriptor();
  for (const char* name : {"name", "create_time", "update_time", "etag"}) {
    if (const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(name)) {
      resource.GetReflection()->ClearField(&resource, field);
    }
  }
}

}  // namespace meridian

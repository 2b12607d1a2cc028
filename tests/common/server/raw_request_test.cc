// FindInvalidUtf8Field: the path of the string that made a request unparsable, so that the
// INVALID_ARGUMENT names it (issue 16: every hostile request is refused naming its field).
#include "common/server/raw_request.h"

#include <string>

#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian {
namespace {

// `message` serialized with the first byte of `marker` replaced by 0xFF.
std::string Broken(const google::protobuf::Message& message, const std::string& marker) {
  std::string bytes = message.SerializeAsString();
  bytes[bytes.find(marker)] = '\xff';
  return bytes;
}

TEST(FindInvalidUtf8FieldTest, NamesATopLevelField) {
  intake::v1::CreateClientRequest request;
  request.set_request_id("QQrequest");
  EXPECT_EQ(FindInvalidUtf8Field(Broken(request, "QQ"), *request.GetDescriptor()), "request_id");
}

TEST(FindInvalidUtf8FieldTest, NamesANestedRepeatedElementByIndex) {
  intake::v1::CreateClientRequest request;
  request.mutable_client()->set_display_name("Acme");
  request.mutable_client()->add_contacts()->set_display_name("Dana");
  request.mutable_client()->add_contacts()->set_display_name("QQLee");
  EXPECT_EQ(FindInvalidUtf8Field(Broken(request, "QQ"), *request.GetDescriptor()),
            "client.contacts[1].display_name");
}

TEST(FindInvalidUtf8FieldTest, NamesARepeatedStringByIndex) {
  intake::v1::CreateClientRequest request;
  request.mutable_client()->add_culture_values("calm");
  request.mutable_client()->add_culture_values("QQkind");
  EXPECT_EQ(FindInvalidUtf8Field(Broken(request, "QQ"), *request.GetDescriptor()),
            "client.culture_values[1]");
}

TEST(FindInvalidUtf8FieldTest, NothingForValidTextOrMalformedBytes) {
  intake::v1::CreateClientRequest request;
  request.mutable_client()->set_display_name("Zoë ünd Ünïcode");
  EXPECT_EQ(FindInvalidUtf8Field(request.SerializeAsString(), *request.GetDescriptor()),
            std::nullopt);
  // Field 1, length-delimited, announces 5 bytes; only 2 follow.
  EXPECT_EQ(FindInvalidUtf8Field(std::string("\x0a\x05"
                                             "ab",
                                             4),
                                 *request.GetDescriptor()),
            std::nullopt);
  // Bytes in a bytes field or an unknown field are not text.
  EXPECT_EQ(FindInvalidUtf8Field(std::string("\xfa\x3e\x01\xff", 4), *request.GetDescriptor()),
            std::nullopt);
}

}  // namespace
}  // namespace meridian

// meridian_call: call one Meridian RPC from a shell, with the request and the response as JSON.
//
// grpcurl is not packaged in Debian, so this is the shell's way into the API. It needs no
// server reflection: the build compiles the contract's descriptor set (docs/contract.binpb,
// every Meridian service with its comments) into it (contract.h), requests and responses are
// dynamic messages of that pool, and the call goes out through grpc::GenericStub as raw bytes.
// A server-streaming method (events' StreamEvents) prints one JSON line per message until the
// stream ends, --limit messages came, the deadline (--timeout) passes, or Ctrl-C.
//
//   meridian_call --address=127.0.0.1:50051 --method=CreateClient
//                 --json='{"client": {"display_name": "Acme"}}'
//   meridian_call --address=127.0.0.1:50051 --json='{"name": "clients/..."}'
//                 --method=meridian.intake.v1.IntakeService/GetClient
//   meridian_call --list [--service=talent]
//   meridian_call --service=talent --method=CreateInterview --describe
//   meridian_call --address=127.0.0.1:50051 --service=events --method=StreamEvents
//                 --json='{"filter": "type = \"role.created\""}' --timeout=1h --limit=10
//   meridian_call --address=intake.example:50051 --tls_ca_file=ca.pem --method=ListClients
//
// Usually run as `./meridian call intake CreateClient '<json>'`. A TLS deployment needs
// --tls_ca_file (for mTLS also --tls_client_cert_file and --tls_client_key_file; and
// --tls_server_name when the address's host is not the certificate's name), or their
// MERIDIAN_* variables: every flag has one (common/config/env_flags.h).
// Exit status: 0 the call succeeded (response JSON on stdout; for a stream, also when it stopped
// at --limit or at the deadline); 1 the call failed (status code,
// message and google.rpc details on stderr; also absl's own exit for a malformed flag);
// 2 bad usage (unknown or ambiguous method, JSON that does not fit the request type, a TLS
// file that is missing or wrong). The contract, the lookup, the request's checks and
// --describe live in contract.h, method_lookup.h, request_json.h and describe.h.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/config/env_flags.h"
#include "common/config/tls_config.h"
#include "common/config/tool_key_flags.h"
#include "common/config/tool_tls_flags.h"
#include "common/server/tls_credentials.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "grpcpp/support/slice.h"
#include "tools/meridian_call/contract.h"
#include "tools/meridian_call/describe.h"
#include "tools/meridian_call/method_lookup.h"
#include "tools/meridian_call/request_json.h"

ABSL_FLAG(std::string, address, "", "host:port of the service to call (required)");
ABSL_FLAG(std::string, method, "",
          "RPC to call: a method name such as CreateClient, or "
          "meridian.intake.v1.IntakeService/CreateClient");
ABSL_FLAG(std::string, json, "{}", "the request, as proto JSON");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(10),
          "deadline of the call (of a server stream: how long to follow it)");
ABSL_FLAG(int, limit, 0,
          "server-streaming methods: stop after this many messages (0: until the stream ends, "
          "the deadline passes or Ctrl-C)");
ABSL_FLAG(bool, list, false,
          "print every known service and method (of --service when given), then exit");
ABSL_FLAG(std::string, service, "",
          "the service being called (intake, talent, placement, access or events): methods are "
          "looked up among the ones its port serves");
ABSL_FLAG(bool, describe, false,
          "print the method's request fields, their types and comments, and an example request, "
          "then exit");
ABSL_FLAG(std::string, descriptor_set, "",
          "for --describe, the comments of this descriptor set instead of the compiled-in "
          "contract's (the build's docs/contract.binpb)");

namespace {

namespace pb = google::protobuf;

constexpr int kCallFailed = 1;
constexpr int kBadUsage = 2;

int Usage(absl::string_view message) {
  std::fprintf(stderr, "meridian_call: %s\n", std::string(message).c_str());
  return kBadUsage;
}

void PrintList(const meridian::call::Contract& contract, absl::string_view port) {
  for (const pb::ServiceDescriptor* service :
       meridian::call::ServicesOf(contract.services(), port)) {
    std::printf("%s (./meridian call %s ...)\n", service->full_name().c_str(),
                meridian::call::PortOf(*service).c_str());
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor* method = service->method(i);
      std::printf(
          "  %s(%s%s) returns (%s%s)\n", method->name().c_str(),
          method->client_streaming() ? "stream " : "", method->input_type()->full_name().c_str(),
          method->server_streaming() ? "stream " : "", method->output_type()->full_name().c_str());
    }
  }
}

// A detail other than ErrorInfo and BadRequest (ResourceInfo, PreconditionFailure...) as
// "Type: {json}" when its type is linked in, else just its type URL.
std::string OtherDetail(const google::protobuf::Any& any) {
  const absl::string_view type_url = any.type_url();
  const std::string type_name(type_url.substr(type_url.rfind('/') + 1));
  const auto* type = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(type_name);
  if (type == nullptr) return absl::StrCat("detail: ", type_url);
  std::unique_ptr<pb::Message> detail(
      pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!detail->ParseFromString(any.value()) ||
      !pb::util::MessageToJsonString(*detail, &json, options).ok()) {
    return absl::StrCat("detail: ", type_url);
  }
  return absl::StrCat(type->name(), ": ", json);
}

// Prints the google.rpc.Status details the server attached (error_details() holds a
// serialized google.rpc.Status): ErrorInfo and BadRequest laid out, others via OtherDetail.
void PrintErrorDetails(const std::string& serialized) {
  google::rpc::Status status;
  if (serialized.empty() || !status.ParseFromString(serialized)) return;
  for (const auto& any : status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      std::fprintf(stderr, "reason: %s\ndomain: %s\n", info.reason().c_str(),
                   info.domain().c_str());
      if (!info.metadata().empty()) std::fprintf(stderr, "metadata:\n");
      std::map<std::string, std::string> metadata(info.metadata().begin(), info.metadata().end());
      for (const auto& [key, value] : metadata) {
        std::fprintf(stderr, "  %s: %s\n", key.c_str(), value.c_str());
      }
    } else if (any.UnpackTo(&bad_request)) {
      std::fprintf(stderr, "field violations:\n");
      for (const auto& violation : bad_request.field_violations()) {
        std::fprintf(stderr, "  %s: %s\n", violation.field().c_str(),
                     violation.description().c_str());
      }
    } else {
      std::fprintf(stderr, "%s\n", OtherDetail(any).c_str());
    }
  }
}

// The bytes of a message received through GenericStub.
std::string BytesOf(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (buffer.Dump(&slices).ok()) {
    for (const grpc::Slice& part : slices) {
      bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
    }
  }
  return bytes;
}

// Prints the status code, message and details of a failed call; the exit status.
int Failed(const grpc::Status& status) {
  const std::string code(
      absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())));
  std::fprintf(stderr, "%s: %s\n", code.c_str(), status.error_message().c_str());
  PrintErrorDetails(status.error_details());
  return kCallFailed;
}

// Prints a response as JSON: every field, zeros included (a factor worth 0 points shows
// "points": 0, not nothing); `multiline` for one response, one line each for a stream.
bool PrintResponse(const meridian::call::Contract& contract, const pb::Descriptor& type,
                   const std::string& bytes, bool multiline) {
  std::unique_ptr<pb::Message> response(contract.factory()->GetPrototype(&type)->New());
  if (!response->ParseFromString(bytes)) {
    std::fprintf(stderr, "the response is not a valid %s\n", type.full_name().c_str());
    return false;
  }
  pb::util::JsonPrintOptions options;
  options.add_whitespace = multiline;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  if (auto printed = pb::util::MessageToJsonString(*response, &out, options); !printed.ok()) {
    std::fprintf(stderr, "cannot print the response: %s\n", std::string(printed.message()).c_str());
    return false;
  }
  if (out.empty() || out.back() != '\n') out.push_back('\n');
  std::fputs(out.c_str(), stdout);
  // A stream is read as it comes, also through a pipe.
  std::fflush(stdout);
  return true;
}

// Follows a server stream: sends the one request, then hands each message to `on_message`
// until the stream ends or `on_message` says stop (which cancels the call).
class StreamFollower final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  StreamFollower(grpc::GenericStub& stub, grpc::ClientContext& context, const std::string& method,
                 grpc::ByteBuffer request, std::function<bool(const std::string&)> on_message)
      : context_(context), request_(std::move(request)), on_message_(std::move(on_message)) {
    stub.PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(), this);
  }

  // The call's status once it is over, and whether on_message stopped it.
  std::pair<grpc::Status, bool> Run() {
    // A server-streaming method takes one request: it is the last write.
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&incoming_);
    StartCall();
    done_.WaitForNotification();
    return {status_, stopped_};
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream is over; OnDone says how
    if (!on_message_(BytesOf(incoming_))) {
      stopped_ = true;
      context_.TryCancel();
      return;
    }
    StartRead(&incoming_);
  }

  void OnDone(const grpc::Status& status) override {
    status_ = status;
    done_.Notify();
  }

 private:
  grpc::ClientContext& context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer incoming_;
  std::function<bool(const std::string&)> on_message_;
  bool stopped_ = false;
  grpc::Status status_;
  absl::Notification done_;
};

int Call(const meridian::call::Contract& contract, const pb::MethodDescriptor& method,
         const meridian::ClientTlsPem& tls, const meridian::CallIdentity& identity) {
  if (method.client_streaming()) {
    return Usage(absl::StrCat(method.full_name(),
                              " is a client-streaming method; only unary and server-streaming "
                              "calls work"));
  }
  absl::StatusOr<std::unique_ptr<pb::Message>> parsed = meridian::call::ParseRequest(
      absl::GetFlag(FLAGS_json), *method.input_type(), contract.factory());
  if (!parsed.ok()) return Usage(parsed.status().message());
  std::unique_ptr<pb::Message> request = *std::move(parsed);

  // GenericStub sends raw bytes. The buffer must be built from a slice: a default-constructed
  // ByteBuffer aborts the call.
  grpc::Slice slice(request->SerializeAsString());
  grpc::ByteBuffer request_bytes(&slice, 1);
  grpc::GenericStub stub(meridian::CreateChannel(absl::GetFlag(FLAGS_address), tls, identity));
  grpc::ClientContext context;
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  const std::string path = absl::StrCat("/", method.service()->full_name(), "/", method.name());

  if (method.server_streaming()) {
    const int limit = absl::GetFlag(FLAGS_limit);
    int received = 0;
    bool printable = true;
    StreamFollower follower(stub, context, path, std::move(request_bytes),
                            [&](const std::string& bytes) {
                              printable = PrintResponse(contract, *method.output_type(), bytes,
                                                        /*multiline=*/false);
                              ++received;
                              return printable && (limit <= 0 || received < limit);
                            });
    const auto [status, stopped] = follower.Run();
    if (!printable) return kCallFailed;
    // Stopping at --limit, and following until the deadline, are how a stream ends here.
    if (stopped) return 0;
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      std::fprintf(stderr, "the stream was followed for %s (--timeout); %d messages\n",
                   absl::FormatDuration(timeout).c_str(), received);
      return 0;
    }
    return status.ok() ? 0 : Failed(status);
  }

  grpc::ByteBuffer response_bytes;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&context, path, grpc::StubOptions(), &request_bytes, &response_bytes,
                 [&](grpc::Status result) {
                   status = std::move(result);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (!status.ok()) return Failed(status);
  return PrintResponse(contract, *method.output_type(), BytesOf(response_bytes),
                       /*multiline=*/true)
             ? 0
             : kCallFailed;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<char*> rest = meridian::ParseFlagsWithEnvironment(
      argc, argv,
      "calls one Meridian RPC with a JSON request and prints the JSON response.\n"
      "  meridian_call --address=127.0.0.1:50051 --method=ListClients --json='{}'\n"
      "  meridian_call --list\n"
      "Every flag also reads MERIDIAN_<FLAG> (e.g. MERIDIAN_TLS_CA_FILE).");
  if (rest.size() > 1) return Usage(absl::StrCat("unexpected argument ", rest[1]));
  const absl::StatusOr<std::unique_ptr<meridian::call::Contract>> contract =
      meridian::call::Contract::Embedded();
  if (!contract.ok()) {
    std::fprintf(stderr, "meridian_call: %s\n", std::string(contract.status().message()).c_str());
    return kCallFailed;
  }
  const std::string port = absl::GetFlag(FLAGS_service);
  if (absl::GetFlag(FLAGS_list)) {
    PrintList(**contract, port);
    return 0;
  }
  if (absl::GetFlag(FLAGS_method).empty()) return Usage("--method is required (see --list)");
  const auto method =
      meridian::call::FindMethod((*contract)->services(), absl::GetFlag(FLAGS_method), port);
  if (!method.ok()) return Usage(method.status().message());
  if (absl::GetFlag(FLAGS_describe)) {
    // The compiled-in contract has the comments; another descriptor set's may be asked for.
    std::unique_ptr<pb::DescriptorPool> other;
    if (const std::string path = absl::GetFlag(FLAGS_descriptor_set); !path.empty()) {
      auto loaded = meridian::call::LoadCommentedPool(path);
      if (loaded.ok()) other = *std::move(loaded);
    }
    const std::string text = meridian::call::DescribeMethod(
        **method, other ? other.get() : &(*contract)->pool(), (*contract)->services());
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  if (absl::GetFlag(FLAGS_address).empty()) return Usage("--address=HOST:PORT is required");
  const absl::StatusOr<meridian::ClientTlsPem> tls =
      meridian::ReadClientTls(meridian::ToolTlsFromFlags(), meridian::kToolTlsFlags);
  if (!tls.ok()) return Usage(tls.status().message());
  const absl::StatusOr<meridian::ToolKey> key = meridian::ToolKeyFromFlags();
  if (!key.ok()) return Usage(key.status().message());
  return Call(**contract, **method, *tls, {.key = key->key, .on_behalf_of = key->on_behalf_of});
}

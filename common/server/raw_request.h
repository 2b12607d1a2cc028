// A grpc::Service whose unary methods receive the request as bytes and parse it themselves,
// so that a request that is not a valid message is the caller's mistake: INVALID_ARGUMENT
// "request is not a valid meridian.intake.v1.CreateClientRequest message".
//
// gRPC's generated sync service parses the request before the handler runs and, when that
// fails (malformed bytes, or invalid UTF-8 in a string field, which proto3 refuses), answers
// INTERNAL with an empty message. Here each method is registered with a grpc::ByteBuffer
// request (grpc::internal::RpcMethodHandler<..., grpc::ByteBuffer, Response>, the same
// machinery the generated code uses), parsed with protobuf in the handler. Method paths are the
// generated service's, so clients, health and reflection see no difference.
//
// Each method is served straight from the core that owns it: Serve() parses the request, runs
// the core's call under RunRpc (the caller's deadline, the access log line, the mapping of the
// result to grpc::Status) and writes the response. An adapter is then its constructor:
//
// Every call passes the CallGate first (who is calling, may they, how fast, is it a retry;
// common/server/call_gate.h); a method with no row in the access policy stops the server at
// start-up.
//
//   class IntakeGrpc final : public RawRequestService {
//    public:
//     IntakeGrpc(db::ConnectionPool& pool, CallGate& gate)
//         : RawRequestService(v1::IntakeService::service_full_name(), gate), core_(pool) {
//       Serve("CreateClient", core_, &IntakeService::CreateClient);
//       ...
//       RequireEveryMethodHandled();
//     }
//    private:
//     IntakeService core_;
//   };
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/api/encoded_response.h"
#include "common/auth/access_policy.h"
#include "common/auth/call_context.h"
#include "common/server/call_gate.h"
#include "common/server/rpc_call.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/impl/rpc_service_method.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/method_handler.h"
#include "grpcpp/support/status.h"

namespace meridian {

// Parses `bytes` into `message`; false for bytes that are not a valid encoding of it
// (including a string field with invalid UTF-8, or no message at all).
bool ParseRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message& message);

// The answer to a request that did not parse: INVALID_ARGUMENT "request is not a valid
// <type> message", with the usual access log line for `method`. When the cause is a string
// field that is not UTF-8, the message goes on to name it ("...: client.display_name is not
// valid UTF-8") and a BadRequest detail carries it, as for any other invalid field.
grpc::Status RejectUnparsedRequest(grpc::ServerContext* context, absl::string_view method,
                                   const google::protobuf::Descriptor& type,
                                   const grpc::ByteBuffer& bytes);

// The path ("client.contacts[1].display_name") of the first string field of `bytes`, an
// encoding of `type`, that is not valid UTF-8; nullopt when there is none or the bytes are not
// even well-formed protobuf. Exposed for tests.
std::optional<std::string> FindInvalidUtf8Field(absl::string_view bytes,
                                                const google::protobuf::Descriptor& type);

class RawRequestService : public grpc::Service {
 protected:
  // `service_full_name` ("meridian.intake.v1.IntakeService") must be in protobuf's generated
  // pool, that is, its generated code must be linked.
  RawRequestService(absl::string_view service_full_name, CallGate& gate);

  // Serves `method` (its name in the .proto: "CreateClient") with `call`, a member function of
  // `core` that takes the request and the call's context (deadline, caller, request_id). The access
  // log line carries the request's request_id when its message has one. Throws std::logic_error
  // when the service has no such method or its request or response type differs, so that a wiring
  // mistake stops the server at start-up.
  template <typename Core, typename Request, typename Response>
  void Serve(absl::string_view method, Core& core,
             absl::StatusOr<Response> (Core::*call)(const Request&, const CallContext&)) {
    Handle<Request, Response>(method,
                              [&core, call](const Request& request, const CallContext& context) {
                                return (core.*call)(request, context);
                              });
  }

  // The same for a call that needs only the deadline.
  template <typename Core, typename Request, typename Response>
  void Serve(absl::string_view method, Core& core,
             absl::StatusOr<Response> (Core::*call)(const Request&, absl::Time)) {
    Handle<Request, Response>(method,
                              [&core, call](const Request& request, const CallContext& context) {
                                return (core.*call)(request, context.deadline);
                              });
  }

  // The same for a pure call, which needs no deadline.
  template <typename Core, typename Request, typename Response>
  void Serve(absl::string_view method, const Core& core,
             absl::StatusOr<Response> (Core::*call)(const Request&) const) {
    Handle<Request, Response>(method, [&core, call](const Request& request, const CallContext&) {
      return (core.*call)(request);
    });
  }

  // Serves `method` with `call`, a member function of `core` that writes its response's
  // encoding itself (`call(request, deadline, response)` fills `response.bytes`), which gRPC
  // then sends as they are: for a response that costs far more to build as messages than to
  // write (a page of explained search matches, services/talent/search_proto/explain.h). The
  // request, its checks, the gate and the log line are as with Serve(). Only for a method that
  // changes nothing: the gate keeps a change's response as a message, to answer its retries.
  template <typename Core, typename Request, typename Response>
  void ServeEncoded(absl::string_view method, Core& core,
                    absl::Status (Core::*call)(const Request&, absl::Time,
                                               EncodedResponse<Response>&)) {
    const char* path = MethodPath(method, *Request::descriptor(), *Response::descriptor());
    const MethodRule& rule = RuleFor(method);
    RequireReadOnly(rule);
    AddMethod(new grpc::internal::RpcServiceMethod(
        path, grpc::internal::RpcMethod::NORMAL_RPC,
        new grpc::internal::RpcMethodHandler<RawRequestService, grpc::ByteBuffer, grpc::ByteBuffer>(
            [&core, call, name = std::string(method), &rule, &gate = gate_](
                RawRequestService*, grpc::ServerContext* context, const grpc::ByteBuffer* bytes,
                grpc::ByteBuffer* encoded) -> grpc::Status {
              Request request;
              if (!ParseRequest(*bytes, request)) {
                return RejectUnparsedRequest(context, name, *Request::descriptor(), *bytes);
              }
              EncodedResponse<Response> response;
              grpc::Status status =
                  RunRpc(context, name, RequestIdOf(request), [&](RpcContext& rpc) {
                    // The gate's response slot, which it fills only for a change.
                    Response unused;
                    return gate.Run(*context, rule, rpc, request, unused,
                                    [&](const CallContext& admitted) {
                                      return (core.*call)(request, admitted.deadline, response);
                                    });
                  });
              if (status.ok()) status = SendBytes(std::move(response.bytes), *encoded);
              return status;
            },
            this)));
  }

  // Serves the server-streaming `method` with `call`, a member function of `core` that takes the
  // request, the call's context, a `send` that writes one message (false once the client has
  // gone) and a `stopped` that says the call was cancelled (the client left, its deadline or
  // the server's shutdown). The call passes the gate like any other.
  template <typename Core, typename Request, typename Response>
  void ServeStream(absl::string_view method, Core& core,
                   absl::Status (Core::*call)(const Request&, const CallContext&,
                                              const std::function<bool(const Response&)>&,
                                              const std::function<bool()>&)) {
    const char* path = MethodPath(method, *Request::descriptor(), *Response::descriptor(),
                                  /*server_streaming=*/true);
    const MethodRule& rule = RuleFor(method);
    AddMethod(new grpc::internal::RpcServiceMethod(
        path, grpc::internal::RpcMethod::SERVER_STREAMING,
        new grpc::internal::ServerStreamingHandler<RawRequestService, grpc::ByteBuffer, Response>(
            [&core, call, name = std::string(method), &rule, &gate = gate_](
                RawRequestService*, grpc::ServerContext* context, const grpc::ByteBuffer* bytes,
                grpc::ServerWriter<Response>* writer) -> grpc::Status {
              Request request;
              if (!ParseRequest(*bytes, request)) {
                return RejectUnparsedRequest(context, name, *Request::descriptor(), *bytes);
              }
              return RunRpc(context, name, "", [&](RpcContext& rpc) {
                // The gate's response slot: a stream's messages go straight to the writer.
                Response unused;
                return gate.Run(
                    *context, rule, rpc, request, unused, [&](const CallContext& admitted) {
                      return (core.*call)(
                          request, admitted,
                          [writer](const Response& message) { return writer->Write(message); },
                          [context] { return context->IsCancelled(); });
                    });
              });
            },
            this)));
  }

  // Throws std::logic_error naming the service's methods no Serve() serves: call it last in
  // the derived constructor, so that a method added to the .proto cannot go unserved
  // (UNIMPLEMENTED) unnoticed.
  void RequireEveryMethodHandled() const;

 private:
  template <typename Request, typename Response>
  using Call = std::function<absl::StatusOr<Response>(const Request&, const CallContext&)>;

  template <typename Request>
  static absl::string_view RequestIdOf(const Request& request) {
    if constexpr (requires { request.request_id(); }) {
      return request.request_id();
    } else {
      return "";
    }
  }

  // `encoding` handed to gRPC as `bytes` without a copy; INTERNAL when it is too large to send.
  static grpc::Status SendBytes(std::string encoding, grpc::ByteBuffer& bytes);

  // Throws std::logic_error when `rule` is for a method that changes data.
  static void RequireReadOnly(const MethodRule& rule);

  // Registers `method` with gRPC: the request arrives as bytes and is parsed here.
  template <typename Request, typename Response>
  void Handle(absl::string_view method, Call<Request, Response> call) {
    const char* path = MethodPath(method, *Request::descriptor(), *Response::descriptor());
    const MethodRule& rule = RuleFor(method);
    AddMethod(new grpc::internal::RpcServiceMethod(
        path, grpc::internal::RpcMethod::NORMAL_RPC,
        new grpc::internal::RpcMethodHandler<RawRequestService, grpc::ByteBuffer, Response>(
            [call = std::move(call), name = std::string(method), &rule, &gate = gate_](
                RawRequestService*, grpc::ServerContext* context, const grpc::ByteBuffer* bytes,
                Response* response) -> grpc::Status {
              Request request;
              if (!ParseRequest(*bytes, request)) {
                return RejectUnparsedRequest(context, name, *Request::descriptor(), *bytes);
              }
              return RunRpc(context, name, RequestIdOf(request), [&](RpcContext& rpc) {
                return gate.Run(*context, rule, rpc, request, *response,
                                [&](const CallContext& admitted) {
                                  return AssignOrReturn(call(request, admitted), *response);
                                });
              });
            },
            this)));
  }

  // Checks `method` against the service's descriptor and returns its gRPC path
  // ("/meridian.intake.v1.IntakeService/CreateClient"), stored for the service's lifetime.
  const char* MethodPath(absl::string_view method, const google::protobuf::Descriptor& request,
                         const google::protobuf::Descriptor& response,
                         bool server_streaming = false);

  // The access policy's row for `method`; throws std::logic_error when it has none.
  const MethodRule& RuleFor(absl::string_view method) const;

  CallGate& gate_;
  const google::protobuf::ServiceDescriptor* service_;
  // gRPC keeps the path as a const char*; a deque never moves its elements.
  std::deque<std::string> paths_;
};

}  // namespace meridian

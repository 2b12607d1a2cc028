#include "services/talent/intake_roles.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/client/trace_metadata.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "grpcpp/client_context.h"

namespace meridian::talent {

IntakeRoleSource::IntakeRoleSource(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : stub_(intake::v1::IntakeService::NewStub(channel)), timeout_(timeout) {}

absl::StatusOr<intake::v1::Role> IntakeRoleSource::GetRole(const std::string& name,
                                                           absl::Time deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + timeout_)));
  PassTraceId(context);
  intake::v1::GetRoleRequest request;
  request.set_name(name);
  intake::v1::Role role;
  const grpc::Status status = stub_->GetRole(&context, request, &role);
  if (status.ok()) return role;
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return NotFound(name);
    case grpc::StatusCode::INVALID_ARGUMENT:
      return InvalidArgument("role", "must be a role name \"clients/{client}/roles/{role}\"");
    default:
      log::Warning("intake GetRole failed", {{"code", static_cast<int>(status.error_code())},
                                             {"error", status.error_message()}});
      return WithReason(absl::UnavailableError(
                            "the intake service is unavailable, and searching by role needs it; "
                            "retry, or search with inline criteria"),
                        common::v1::INTAKE_UNAVAILABLE);
  }
}

absl::StatusOr<std::vector<intake::v1::Role>> IntakeRoleSource::ListOpenRoles(absl::Time deadline) {
  std::vector<intake::v1::Role> roles;
  intake::v1::ListRolesRequest request;
  request.set_parent("clients/-");
  request.set_filter("state = OPEN");
  request.set_page_size(1000);
  do {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + timeout_)));
    PassTraceId(context);
    intake::v1::ListRolesResponse response;
    const grpc::Status status = stub_->ListRoles(&context, request, &response);
    if (!status.ok()) {
      // The caller (a background worker that retries) logs it, once per outage.
      return WithReason(absl::UnavailableError(absl::StrCat(
                            "the intake service is unavailable: ListRoles ",
                            static_cast<int>(status.error_code()), " ", status.error_message())),
                        common::v1::INTAKE_UNAVAILABLE);
    }
    for (intake::v1::Role& role : *response.mutable_roles()) roles.push_back(std::move(role));
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return roles;
}

}  // namespace meridian::talent

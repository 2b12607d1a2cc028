#include "services/intake/access_grpc.h"

namespace meridian::intake {

AccessGrpc::AccessGrpc(db::ConnectionPool& pool, CallGate& gate)
    : RawRequestService(access::v1::AccessService::service_full_name(), gate), core_(pool) {
  Serve("CreateAgency", core_, &AccessService::CreateAgency);
  Serve("GetAgency", core_, &AccessService::GetAgency);
  Serve("ListAgencies", core_, &AccessService::ListAgencies);
  Serve("DisableAgency", core_, &AccessService::DisableAgency);
  Serve("CreateApiKey", core_, &AccessService::CreateApiKey);
  Serve("GetApiKey", core_, &AccessService::GetApiKey);
  Serve("ListApiKeys", core_, &AccessService::ListApiKeys);
  Serve("RevokeApiKey", core_, &AccessService::RevokeApiKey);
  Serve("ListAuditRecords", core_, &AccessService::ListAuditRecords);
  RequireEveryMethodHandled();
}

}  // namespace meridian::intake

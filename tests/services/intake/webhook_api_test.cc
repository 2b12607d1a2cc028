// Webhooks through a real intake server (and talent, for partners' candidates) over a real
// PostgreSQL, delivering to an HTTP receiver in the test: every event arrives signed and in
// order through failures, timeouts and a restart; a subscription is DISABLED after its retry
// window and resumes when made ACTIVE; partners get only their own; private targets are
// refused; the secret is shown once.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/events/webhook_signing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/access/v1/access.grpc.pb.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/http_receiver.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Not;
using ::testing::SizeIs;
namespace ev1 = events::v1;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;

constexpr char kAcme[] = "agencies/aaaaaaaa-0000-4000-8000-0000000000a0";
constexpr char kGlobex[] = "agencies/bbbbbbbb-0000-4000-8000-0000000000b0";
constexpr char kSigningKey[] = "a test signing key of at least thirty-two characters";

class WebhookApiTest : public ::testing::Test {
 protected:
  WebhookApiTest()
      : intake_(std::make_unique<IntakeTestServer>(database_.url(), 0, Wiring())),
        talent_(database_.url(), intake_->address()),
        admin_key_(CreateTestKey(database_.url(), access::v1::ADMIN)),
        acme_key_(CreateTestKey(database_.url(), access::v1::PARTNER, kAcme)),
        globex_key_(CreateTestKey(database_.url(), access::v1::PARTNER, kGlobex)) {
    iv1::CreateClientRequest request;
    *request.mutable_client() = ValidClient();
    EXPECT_TRUE(Intake()->CreateClient(Context().get(), request, &client_).ok());
  }

  // Fast retries, and a clock the test can move forward (for the retry window).
  intake::EventWiring Wiring() {
    intake::EventWiring wiring;
    wiring.webhooks.signing_key = kSigningKey;
    wiring.webhooks.allow_private_targets = true;
    wiring.webhooks.delivery_threads = 2;
    wiring.webhooks.delivery_timeout = absl::Seconds(1);
    wiring.webhooks.first_retry = absl::Milliseconds(20);
    wiring.webhooks.longest_retry = absl::Milliseconds(100);
    wiring.webhooks.retry_window = absl::Hours(1);
    wiring.webhooks.poll_interval = absl::Milliseconds(20);
    wiring.webhooks.clock = [this] { return absl::Now() + absl::Seconds(skip_seconds_.load()); };
    return wiring;
  }

  std::unique_ptr<iv1::IntakeService::Stub> Intake() {
    return iv1::IntakeService::NewStub(intake_->in_process().ChannelWithKey(admin_key_));
  }
  std::unique_ptr<ev1::EventService::Stub> Events(const std::string& key) {
    return ev1::EventService::NewStub(intake_->in_process().ChannelWithKey(key));
  }

  iv1::Role CreateRole(const std::string& title) {
    iv1::CreateRoleRequest request;
    request.set_parent(client_.name());
    *request.mutable_role() = BackendDeveloperRole();
    request.mutable_role()->set_title(title);
    iv1::Role created;
    EXPECT_TRUE(Intake()->CreateRole(Context().get(), request, &created).ok());
    return created;
  }

  ev1::WebhookSubscription Subscribe(const std::string& key, const std::string& url,
                                     const std::vector<std::string>& types) {
    ev1::CreateWebhookSubscriptionRequest request;
    request.mutable_subscription()->set_target_url(url);
    for (const std::string& type : types) request.mutable_subscription()->add_event_types(type);
    ev1::WebhookSubscription created;
    const grpc::Status status =
        Events(key)->CreateWebhookSubscription(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  ev1::WebhookSubscription Get(const std::string& name) {
    ev1::GetWebhookSubscriptionRequest request;
    request.set_name(name);
    ev1::WebhookSubscription found;
    EXPECT_TRUE(Events(admin_key_)->GetWebhookSubscription(Context().get(), request, &found).ok());
    return found;
  }

  // The requests the receiver answered 2xx, in arrival order.
  static std::vector<HttpReceiver::Request> Delivered(const HttpReceiver& receiver) {
    std::vector<HttpReceiver::Request> delivered;
    for (const HttpReceiver::Request& request : receiver.requests()) {
      if (request.answered >= 200 && request.answered < 300) delivered.push_back(request);
    }
    return delivered;
  }

  static bool WaitForDelivered(const HttpReceiver& receiver, size_t count) {
    return WaitUntil([&] { return Delivered(receiver).size() >= count; }, absl::Seconds(30));
  }

  // What the receiver's check of a request says: the signature over timestamp and body.
  static bool SignatureHolds(const HttpReceiver::Request& request, const std::string& secret) {
    auto timestamp = request.headers.find("meridian-timestamp");
    auto signature = request.headers.find("meridian-signature");
    return timestamp != request.headers.end() && signature != request.headers.end() &&
           signature->second == SignDelivery(secret, timestamp->second, request.body);
  }

  std::atomic<int64_t> skip_seconds_{0};
  TestDatabase database_;
  std::unique_ptr<IntakeTestServer> intake_;
  TalentTestServer talent_;
  std::string admin_key_;
  std::string acme_key_;
  std::string globex_key_;
  iv1::Client client_;
};

TEST_F(WebhookApiTest, EveryEventArrivesSignedAndInOrderThroughFailuresAndTimeouts) {
  HttpReceiver receiver;
  const ev1::WebhookSubscription subscription =
      Subscribe(admin_key_, receiver.url("/hooks"), {"role.*"});
  ASSERT_THAT(subscription.secret(), ::testing::StartsWith("whsec_"));
  EXPECT_EQ(subscription.state(), ev1::WebhookSubscription::ACTIVE);
  // The endpoint fails twice, then does not answer in time, then recovers.
  receiver.QueueStatus(500);
  receiver.QueueStatus(503);
  receiver.QueueSilence(absl::Seconds(2));
  std::vector<std::string> roles;
  for (const char* title : {"First", "Second", "Third"}) roles.push_back(CreateRole(title).name());

  ASSERT_TRUE(WaitForDelivered(receiver, 3));
  const std::vector<HttpReceiver::Request> delivered = Delivered(receiver);
  ASSERT_THAT(delivered, SizeIs(3));
  std::vector<std::string> ids;
  for (size_t i = 0; i < delivered.size(); ++i) {
    const HttpReceiver::Request& request = delivered[i];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, "/hooks");
    EXPECT_TRUE(SignatureHolds(request, subscription.secret())) << i;
    EXPECT_FALSE(SignatureHolds(request, "whsec_another")) << i;
    EXPECT_EQ(request.headers.at("meridian-event-type"), "role.created");
    EXPECT_THAT(request.body, HasSubstr(roles[i])) << "in order";
    ids.push_back(request.headers.at("meridian-event-id"));
  }
  // Each event was delivered once.
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_NE(ids[1], ids[2]);

  // The log shows the failed attempts and the deliveries, newest first.
  ev1::ListWebhookDeliveriesRequest list;
  list.set_parent(subscription.name());
  ev1::ListWebhookDeliveriesResponse log;
  // The receiver has the last request a moment before the worker records its answer.
  ASSERT_TRUE(WaitUntil(
      [&] {
        log.Clear();
        return Events(admin_key_)->ListWebhookDeliveries(Context().get(), list, &log).ok() &&
               log.deliveries_size() >= 6;
      },
      absl::Seconds(30)));
  ASSERT_THAT(log.deliveries(), SizeIs(6));
  std::vector<int> codes;
  for (const ev1::WebhookDelivery& delivery : log.deliveries()) {
    codes.insert(codes.begin(), delivery.status_code());
  }
  EXPECT_THAT(codes, ElementsAre(500, 503, 0, 200, 200, 200));
  EXPECT_THAT(log.deliveries(3).error(), HasSubstr("imeout"));
  EXPECT_EQ(Get(subscription.name()).delivered_position(), log.deliveries(0).position());
}

TEST_F(WebhookApiTest, NothingIsLostAcrossARestartOfTheService) {
  HttpReceiver receiver;
  receiver.SetDefaultStatus(500);
  const ev1::WebhookSubscription subscription =
      Subscribe(admin_key_, receiver.url("/"), {"role.created"});
  const std::string first = CreateRole("Before").name();
  ASSERT_TRUE(WaitUntil([&] { return !receiver.requests().empty(); }, absl::Seconds(30)));
  // The service goes away while the endpoint is failing; the endpoint recovers meanwhile.
  intake_.reset();
  receiver.SetDefaultStatus(200);
  intake_ = std::make_unique<IntakeTestServer>(database_.url(), 0, Wiring());
  const std::string second = CreateRole("After").name();
  ASSERT_TRUE(WaitForDelivered(receiver, 2));
  const std::vector<HttpReceiver::Request> delivered = Delivered(receiver);
  ASSERT_THAT(delivered, SizeIs(2));
  EXPECT_THAT(delivered[0].body, HasSubstr(first));
  EXPECT_THAT(delivered[1].body, HasSubstr(second));
  EXPECT_TRUE(SignatureHolds(delivered[1], subscription.secret()));
}

TEST_F(WebhookApiTest, ASubscriptionFailingPastItsRetryWindowIsDisabledAndResumesWhenActive) {
  HttpReceiver receiver;
  receiver.SetDefaultStatus(500);
  const ev1::WebhookSubscription subscription =
      Subscribe(admin_key_, receiver.url("/"), {"role.created"});
  const std::string role = CreateRole("Lost?").name();
  ASSERT_TRUE(WaitUntil([&] { return receiver.requests().size() >= 2; }, absl::Seconds(30)));
  // Two hours pass with the endpoint down: past the one-hour window.
  skip_seconds_ = 2 * 3600;
  ASSERT_TRUE(WaitUntil(
      [&] { return Get(subscription.name()).state() == ev1::WebhookSubscription::DISABLED; },
      absl::Seconds(30)));
  EXPECT_THAT(Get(subscription.name()).last_error(), HasSubstr("HTTP status 500"));

  // Back up, and made ACTIVE again: the event not delivered arrives.
  receiver.SetDefaultStatus(200);
  ev1::UpdateWebhookSubscriptionRequest update;
  update.mutable_subscription()->set_name(subscription.name());
  update.mutable_subscription()->set_state(ev1::WebhookSubscription::ACTIVE);
  update.mutable_update_mask()->add_paths("state");
  ev1::WebhookSubscription updated;
  ASSERT_TRUE(
      Events(admin_key_)->UpdateWebhookSubscription(Context().get(), update, &updated).ok());
  ASSERT_TRUE(WaitForDelivered(receiver, 1));
  EXPECT_THAT(Delivered(receiver)[0].body, HasSubstr(role));
}

TEST_F(WebhookApiTest, APartnersWebhookGetsOnlyItsOwnCandidatesEvents) {
  HttpReceiver receiver;
  const ev1::WebhookSubscription acme = Subscribe(acme_key_, receiver.url("/acme"), {});
  EXPECT_EQ(acme.owner(), kAcme);
  for (const auto& [key, email] :
       {std::pair{globex_key_, "bea@example.com"}, std::pair{admin_key_, "cai@example.com"},
        std::pair{acme_key_, "ana@example.com"}}) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = Candidate("Someone", email, "PT", "Europe/Lisbon");
    tv1::Candidate created;
    ASSERT_TRUE(tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(key))
                    ->CreateCandidate(Context().get(), request, &created)
                    .ok());
  }
  CreateRole("Not for partners");
  // The feed's newest position; the partner's cursor passes over what is not its own.
  ev1::ListEventsRequest all;
  all.set_page_size(1000);
  ev1::ListEventsResponse feed;
  ASSERT_TRUE(Events(admin_key_)->ListEvents(Context().get(), all, &feed).ok());
  ASSERT_THAT(feed.events(), Not(IsEmpty()));
  const int64_t newest = feed.events(feed.events_size() - 1).position();
  ASSERT_TRUE(WaitUntil([&] { return Get(acme.name()).delivered_position() >= newest; },
                        absl::Seconds(30)));
  const std::vector<HttpReceiver::Request> delivered = Delivered(receiver);
  ASSERT_THAT(delivered, SizeIs(1));
  EXPECT_THAT(delivered[0].body, HasSubstr("ana@example.com"));
  EXPECT_EQ(delivered[0].headers.at("meridian-event-type"), "candidate.created");

  // Another agency's subscription does not exist for Globex.
  ev1::GetWebhookSubscriptionRequest get;
  get.set_name(acme.name());
  ev1::WebhookSubscription found;
  EXPECT_EQ(Events(globex_key_)->GetWebhookSubscription(Context().get(), get, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ev1::ListWebhookSubscriptionsRequest list;
  ev1::ListWebhookSubscriptionsResponse listed;
  ASSERT_TRUE(Events(globex_key_)->ListWebhookSubscriptions(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.subscriptions(), IsEmpty());
}

TEST_F(WebhookApiTest, APartnersWebhookStopsWhenItsAgencyIsDisabled) {
  HttpReceiver receiver;
  const ev1::WebhookSubscription acme = Subscribe(acme_key_, receiver.url("/acme"), {});
  auto acme_talent = tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(acme_key_));
  tv1::CreateCandidateRequest create;
  *create.mutable_candidate() = Candidate("Ana", "ana@example.com", "PT", "Europe/Lisbon");
  tv1::Candidate ana;
  ASSERT_TRUE(acme_talent->CreateCandidate(Context().get(), create, &ana).ok());
  ASSERT_TRUE(WaitForDelivered(receiver, 1));

  access::v1::DisableAgencyRequest disable;
  disable.set_name(kAcme);
  access::v1::Agency agency;
  ASSERT_TRUE(access::v1::AccessService::NewStub(intake_->in_process().ChannelWithKey(admin_key_))
                  ->DisableAgency(Context().get(), disable, &agency)
                  .ok());
  // A recruiter changes Acme's candidate: an event Acme's webhook would otherwise receive.
  tv1::UpdateCandidateRequest update;
  *update.mutable_candidate() = ana;
  update.mutable_candidate()->set_notes("met the client");
  update.mutable_update_mask()->add_paths("notes");
  tv1::Candidate updated;
  ASSERT_TRUE(tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(admin_key_))
                  ->UpdateCandidate(Context().get(), update, &updated)
                  .ok());
  ASSERT_TRUE(
      WaitUntil([&] { return Get(acme.name()).state() == ev1::WebhookSubscription::DISABLED; },
                absl::Seconds(30)));
  EXPECT_THAT(Get(acme.name()).last_error(), HasSubstr("agency is disabled"));
  EXPECT_THAT(Delivered(receiver), SizeIs(1));
}

TEST_F(WebhookApiTest, RedeliverySendsOneEventAgainWithItsId) {
  HttpReceiver receiver;
  const ev1::WebhookSubscription subscription = Subscribe(admin_key_, receiver.url("/"), {});
  CreateRole("Once");
  ASSERT_TRUE(WaitForDelivered(receiver, 1));
  const std::string event = Delivered(receiver)[0].headers.at("meridian-event-id");
  ev1::RedeliverEventRequest redeliver;
  redeliver.set_subscription(subscription.name());
  redeliver.set_event(event);
  google::protobuf::Empty empty;
  ASSERT_TRUE(Events(admin_key_)->RedeliverEvent(Context().get(), redeliver, &empty).ok());
  ASSERT_TRUE(WaitForDelivered(receiver, 2));
  EXPECT_EQ(Delivered(receiver)[1].headers.at("meridian-event-id"), event);
  // An event it may not see (or never was) is NOT_FOUND.
  redeliver.set_event("events/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(Events(admin_key_)->RedeliverEvent(Context().get(), redeliver, &empty).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(WebhookApiTest, ValidateOnlyChecksTheTargetAndMakesNothing) {
  ev1::CreateWebhookSubscriptionRequest request;
  request.mutable_subscription()->set_target_url("http://127.0.0.1:9/hooks");
  request.mutable_subscription()->add_event_types("candidate.*");
  request.set_validate_only(true);
  ev1::WebhookSubscription would_be;
  ASSERT_TRUE(
      Events(admin_key_)->CreateWebhookSubscription(Context().get(), request, &would_be).ok());
  EXPECT_EQ(would_be.name(), "");
  EXPECT_EQ(would_be.secret(), "");
  EXPECT_EQ(would_be.state(), ev1::WebhookSubscription::ACTIVE);
  EXPECT_EQ(would_be.target_url(), "http://127.0.0.1:9/hooks");
  ev1::ListWebhookSubscriptionsRequest list;
  ev1::ListWebhookSubscriptionsResponse listed;
  ASSERT_TRUE(Events(admin_key_)->ListWebhookSubscriptions(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.subscriptions_size(), 0);
  request.mutable_subscription()->set_target_url("ftp://example.com/hooks");
  EXPECT_EQ(Events(admin_key_)
                ->CreateWebhookSubscription(Context().get(), request, &would_be)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WebhookApiTest, TheSecretIsShownOnceEvenToARetry) {
  ev1::CreateWebhookSubscriptionRequest request;
  request.mutable_subscription()->set_target_url("http://127.0.0.1:9/hooks");
  request.set_request_id("6f9e2f7e-1c1b-4b84-9a57-3c1b2a1d9e10");
  ev1::WebhookSubscription first;
  ev1::WebhookSubscription retry;
  ASSERT_TRUE(Events(admin_key_)->CreateWebhookSubscription(Context().get(), request, &first).ok());
  ASSERT_TRUE(Events(admin_key_)->CreateWebhookSubscription(Context().get(), request, &retry).ok());
  EXPECT_FALSE(first.secret().empty());
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(retry.secret(), "");
  EXPECT_EQ(Get(first.name()).secret(), "");
  // Nor is it stored anywhere: the database holds no copy of it.
  pqxx::connection connection(database_.url());
  pqxx::work tx(connection);
  for (const char* query :
       {"SELECT count(*) FROM access.served_requests WHERE position($1 in encode(response, "
        "'escape')) > 0",
        "SELECT count(*) FROM events.webhook_subscriptions WHERE position($1 in "
        "(webhook_subscriptions.*)::text) > 0"}) {
    EXPECT_EQ(tx.exec_params1(query, first.secret())[0].as<int>(), 0) << query;
  }
}

TEST_F(WebhookApiTest, TargetsAreCheckedAndWebhooksNeedASigningKey) {
  // Production rules (no private targets) on a second intake server.
  intake::EventWiring production = Wiring();
  production.webhooks.allow_private_targets = false;
  IntakeTestServer strict(database_.url(), 0, production);
  auto events = ev1::EventService::NewStub(strict.in_process().ChannelWithKey(admin_key_));
  for (const std::string url : {"http://hooks.example.com/", "https://127.0.0.1/",
                                "https://169.254.169.254/", "https://localhost/"}) {
    ev1::CreateWebhookSubscriptionRequest request;
    request.mutable_subscription()->set_target_url(url);
    ev1::WebhookSubscription created;
    const grpc::Status status =
        events->CreateWebhookSubscription(Context().get(), request, &created);
    EXPECT_THAT(ViolationsOf(status), Contains(Key("subscription.target_url"))) << url;
  }
  ev1::CreateWebhookSubscriptionRequest bad_types;
  bad_types.mutable_subscription()->set_target_url("https://hooks.example.com/");
  bad_types.mutable_subscription()->add_event_types("Role Created");
  ev1::WebhookSubscription created;
  EXPECT_THAT(ViolationsOf(events->CreateWebhookSubscription(Context().get(), bad_types, &created)),
              ElementsAre(Key("subscription.event_types[0]")));

  IntakeTestServer unconfigured(database_.url());
  ev1::CreateWebhookSubscriptionRequest request;
  request.mutable_subscription()->set_target_url("https://hooks.example.com/");
  const grpc::Status status =
      ev1::EventService::NewStub(unconfigured.in_process().ChannelWithKey(admin_key_))
          ->CreateWebhookSubscription(Context().get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::WEBHOOKS_NOT_CONFIGURED));
}

// A PARTNER's page token of ListWebhookSubscriptions reads on for that agency alone: another
// agency's key and staff (who list every subscription) get INVALID_ARGUMENT naming page_token,
// and staff's token does not read on for the partner either.
TEST_F(WebhookApiTest, ListPageTokensAreBoundToTheCallersTenant) {
  // PAUSED: nothing is sent to these made-up targets.
  for (int i = 0; i < 2; ++i) {
    for (const auto& [key, owner] :
         {std::pair(acme_key_, "acme"), std::pair(admin_key_, "staff")}) {
      ev1::CreateWebhookSubscriptionRequest request;
      request.mutable_subscription()->set_target_url(
          absl::StrCat("https://hooks.example.com/", owner, "/", i));
      request.mutable_subscription()->set_state(ev1::WebhookSubscription::PAUSED);
      ev1::WebhookSubscription created;
      const grpc::Status status =
          Events(key)->CreateWebhookSubscription(Context().get(), request, &created);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
  }
  ev1::ListWebhookSubscriptionsRequest list;
  list.set_page_size(1);
  ev1::ListWebhookSubscriptionsResponse page;
  ASSERT_TRUE(Events(acme_key_)->ListWebhookSubscriptions(Context().get(), list, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(Events(acme_key_)->ListWebhookSubscriptions(Context().get(), list, &page).ok());
  ASSERT_EQ(page.subscriptions_size(), 1);
  EXPECT_EQ(page.subscriptions(0).target_url(), "https://hooks.example.com/acme/1");
  for (const std::string& other : {globex_key_, admin_key_}) {
    const grpc::Status status =
        Events(other)->ListWebhookSubscriptions(Context().get(), list, &page);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
  }

  ev1::ListWebhookSubscriptionsRequest staff;
  staff.set_page_size(1);
  ASSERT_TRUE(Events(admin_key_)->ListWebhookSubscriptions(Context().get(), staff, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  staff.set_page_token(page.next_page_token());
  const grpc::Status status =
      Events(acme_key_)->ListWebhookSubscriptions(Context().get(), staff, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

}  // namespace
}  // namespace meridian::testing

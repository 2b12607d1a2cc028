// Tests for common/server/service_bundle.h: what a wiring function builds is found by type and
// released in a safe order (a worker before what it uses), however the bundle goes away.
#include "common/server/service_bundle.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Writes its name to `log` when destroyed.
class Recorder {
 public:
  Recorder(std::vector<std::string>& log, std::string name) : log_(log), name_(std::move(name)) {}
  ~Recorder() { log_.push_back(name_); }

 private:
  std::vector<std::string>& log_;
  std::string name_;
};

class Index final : public Recorder {
 public:
  using Recorder::Recorder;
};

// Uses the index until it is destroyed, as the index follower does.
class Follower final : public Recorder {
 public:
  Follower(std::vector<std::string>& log, Index& index)
      : Recorder(log, "follower"), index_(index) {}
  Index& index() { return index_; }

 private:
  Index& index_;
};

class RecordingService final : public grpc::Service {
 public:
  explicit RecordingService(std::vector<std::string>& log) : recorder_(log, "service") {}

 private:
  Recorder recorder_;
};

// Wired the way the services' wiring functions do it, and returned by value.
ServiceBundle Wire(std::vector<std::string>& log) {
  ServiceBundle bundle;
  Index& index = bundle.Make<Index>(log, "index");
  bundle.Make<Follower>(log, index);
  bundle.AddService(std::make_unique<RecordingService>(log));
  // The condition holds something of its own, to see when it goes.
  bundle.set_ready([condition = std::make_shared<Recorder>(log, "ready")] { return true; });
  return bundle;
}

TEST(ServiceBundle, ReleaseDestroysTheConditionThenTheServicesThenTheObjectsLastMadeFirst) {
  std::vector<std::string> log;
  ServiceBundle bundle = Wire(log);
  ASSERT_THAT(log, IsEmpty());
  bundle.Release();
  EXPECT_THAT(log, ElementsAre("ready", "service", "follower", "index"));
  EXPECT_EQ(bundle.Find<Index>(), nullptr);
  EXPECT_THAT(bundle.services(), IsEmpty());
}

TEST(ServiceBundle, TheDestructorReleasesInTheSameOrder) {
  std::vector<std::string> log;
  { ServiceBundle bundle = Wire(log); }
  EXPECT_THAT(log, ElementsAre("ready", "service", "follower", "index"));
}

TEST(ServiceBundle, FindsWhatWasMadeByItsExactType) {
  std::vector<std::string> log;
  ServiceBundle bundle = Wire(log);
  Follower* follower = bundle.Find<Follower>();
  ASSERT_NE(follower, nullptr);
  EXPECT_EQ(&follower->index(), bundle.Find<Index>());
  EXPECT_EQ(bundle.Find<Recorder>(), nullptr) << "a base class is not the type that was made";
  EXPECT_THAT(bundle.services(), ElementsAre(::testing::NotNull()));
}

TEST(ServiceBundle, IsReadyWithoutAConditionAndOtherwiseAsTheConditionSays) {
  ServiceBundle bundle;
  EXPECT_TRUE(bundle.ready());
  bool loaded = false;
  bundle.set_ready([&loaded] { return loaded; });
  EXPECT_FALSE(bundle.ready());
  loaded = true;
  EXPECT_TRUE(bundle.ready());
}

TEST(ServiceBundle, StopsBackgroundWorkLastRegisteredFirstOnceBeforeRelease) {
  std::vector<std::string> log;
  ServiceBundle bundle;
  bundle.OnShutdown([&log] { log.push_back("tail"); });
  bundle.OnShutdown([&log] { log.push_back("webhooks"); });
  bundle.StopBackground();
  EXPECT_THAT(log, ElementsAre("webhooks", "tail"));
  bundle.StopBackground();
  bundle.Release();
  EXPECT_THAT(log, ElementsAre("webhooks", "tail")) << "each stop runs once, Release runs none";
}

TEST(ServiceBundle, ReleaseWithoutAShutdownRunsNoStop) {
  // A test server's bundle is only released: its objects' destructors stop their workers.
  bool stopped = false;
  {
    ServiceBundle bundle;
    bundle.OnShutdown([&stopped] { stopped = true; });
  }
  EXPECT_FALSE(stopped);
}

}  // namespace
}  // namespace meridian

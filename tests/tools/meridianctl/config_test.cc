// meridianctl's contexts: the file round trip, set-context/use-context, the key never shown in
// full, and the order flags > environment > context.
#include "tools/meridianctl/config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

EnvLookup FakeEnv(std::map<std::string, std::string> values) {
  return [values](absl::string_view name) -> std::optional<std::string> {
    auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

std::string TempDir() {
  std::string dir = ::testing::TempDir() + "meridianctl_config_XXXXXX";
  return mkdtemp(dir.data());
}

TEST(ConfigPathTest, ExplicitThenXdgThenHome) {
  EXPECT_EQ(ConfigPath(FakeEnv({{"MERIDIANCTL_CONFIG", "/x/c.yaml"}, {"HOME", "/h"}})),
            "/x/c.yaml");
  EXPECT_EQ(ConfigPath(FakeEnv({{"XDG_CONFIG_HOME", "/xdg"}, {"HOME", "/h"}})),
            "/xdg/meridian/config.yaml");
  EXPECT_EQ(ConfigPath(FakeEnv({{"HOME", "/h"}})), "/h/.config/meridian/config.yaml");
}

TEST(ConfigTest, SavedContextsLoadBackAndTheFileIsPrivate) {
  const std::string path = TempDir() + "/meridian/config.yaml";
  CtlConfig config;
  SetContext(config, "local", Settings{.address = "127.0.0.1", .key_file = "/k/admin.key"});
  SetContext(config, "prod",
             Settings{.intake_address = "intake.example:443",
                      .key = "mrd_secretsecretsecret",
                      .tls_ca_file = "/ca.pem",
                      .tz = "Europe/Lisbon"});
  ASSERT_TRUE(UseContext(config, "prod").ok());
  ASSERT_TRUE(SaveConfig(config, path).ok());
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  absl::StatusOr<CtlConfig> loaded = LoadConfig(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->current_context, "prod");
  ASSERT_EQ(loaded->contexts.size(), 2u);
  EXPECT_EQ(loaded->contexts["local"].key_file, "/k/admin.key");
  EXPECT_EQ(loaded->contexts["prod"].key, "mrd_secretsecretsecret");
  EXPECT_EQ(loaded->contexts["prod"].tz, "Europe/Lisbon");
}

TEST(ConfigTest, AMissingFileIsAnEmptyConfigAndABadOneIsRefused) {
  const std::string dir = TempDir();
  absl::StatusOr<CtlConfig> missing = LoadConfig(dir + "/none.yaml");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->contexts.empty());
  { std::ofstream(dir + "/bad.yaml") << "contexts:\n  local:\n    adress: 127.0.0.1\n"; }
  absl::StatusOr<CtlConfig> bad = LoadConfig(dir + "/bad.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("adress"));
}

TEST(ConfigTest, ViewNeverShowsTheKeyInFull) {
  CtlConfig config;
  SetContext(config, "prod", Settings{.key = "mrd_0123456789abcdef0123"});
  const std::string view = ViewConfig(config);
  EXPECT_THAT(view, Not(HasSubstr("mrd_0123456789abcdef0123")));
  EXPECT_THAT(view, Not(HasSubstr("89abcdef")));
  EXPECT_THAT(view, HasSubstr("mrd_0123…"));
  EXPECT_EQ(MaskKey("abc"), "a…");
}

TEST(ConfigTest, UseContextNamesTheContextsThereAre) {
  CtlConfig config;
  SetContext(config, "local", Settings{.address = "127.0.0.1"});
  absl::Status status = UseContext(config, "prdo");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("local"));
}

TEST(ConfigTest, SettingAKeyReplacesTheKeyFileAndTheOtherWay) {
  CtlConfig config;
  SetContext(config, "c", Settings{.key_file = "/k"});
  SetContext(config, "c", Settings{.key = "mrd_x"});
  EXPECT_EQ(config.contexts["c"].key_file, "");
  SetContext(config, "c", Settings{.address = "h"});  // leaves the key alone
  EXPECT_EQ(config.contexts["c"].key, "mrd_x");
  SetContext(config, "c", Settings{.key_file = "/k2"});
  EXPECT_EQ(config.contexts["c"].key, "");
  EXPECT_EQ(config.contexts["c"].key_file, "/k2");
}

TEST(ResolveSettingsTest, FlagsOverEnvironmentOverContext) {
  CtlConfig config;
  SetContext(config, "local", Settings{.address = "ctx-host", .key_file = "/ctx.key", .tz = "UTC"});
  config.current_context = "local";
  auto env = FakeEnv({{"MERIDIAN_ADDRESS", "env-host"}, {"MERIDIAN_TZ", "Asia/Tokyo"}});
  absl::StatusOr<Settings> settings =
      ResolveSettings(config, "", Settings{.address = "flag-host"}, env);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->address, "flag-host");
  EXPECT_EQ(settings->tz, "Asia/Tokyo");
  EXPECT_EQ(settings->key_file, "/ctx.key");

  // MERIDIAN_API_KEY beats the context's key file.
  settings = ResolveSettings(config, "", Settings{}, FakeEnv({{"MERIDIAN_API_KEY", "mrd_env"}}));
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->key, "mrd_env");
  EXPECT_EQ(settings->key_file, "");
}

TEST(ResolveSettingsTest, ContextByFlagThenEnvironmentThenCurrent) {
  CtlConfig config;
  SetContext(config, "a", Settings{.address = "a-host"});
  SetContext(config, "b", Settings{.address = "b-host"});
  config.current_context = "a";
  EXPECT_EQ(ResolveSettings(config, "", {}, FakeEnv({}))->address, "a-host");
  EXPECT_EQ(ResolveSettings(config, "", {}, FakeEnv({{"MERIDIAN_CONTEXT", "b"}}))->address,
            "b-host");
  EXPECT_EQ(ResolveSettings(config, "b", {}, FakeEnv({{"MERIDIAN_CONTEXT", "a"}}))->address,
            "b-host");
  EXPECT_EQ(ResolveSettings(config, "zzz", {}, FakeEnv({})).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(AddressOfTest, DefaultPortsPerServiceAndOverrides) {
  EXPECT_EQ(AddressOf(Settings{}, Service::kTalent), "127.0.0.1:50052");
  EXPECT_EQ(AddressOf(Settings{.address = "meridian.example"}, Service::kPlacement),
            "meridian.example:50053");
  EXPECT_EQ(AddressOf(Settings{.address = "gw.example:443"}, Service::kIntake), "gw.example:443");
  EXPECT_EQ(AddressOf(Settings{.address = "[::1]"}, Service::kIntake), "[::1]:50051");
  EXPECT_EQ(AddressOf(Settings{.address = "h", .talent_address = "t:9"}, Service::kTalent), "t:9");
}

}  // namespace
}  // namespace meridian::ctl

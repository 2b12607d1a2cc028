// WireWriter writes the bytes protobuf's own serializer writes: each kind of field, the
// defaults proto3 leaves out, and lengths on each side of the sizes where their varint grows.
#include "services/talent/search_proto/wire_writer.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {
namespace {

using Skill = v1::CandidateSkill;

// What `write` writes, appended to `prefix`, once the writer is closed.
template <typename Write>
std::string Written(Write write, std::string prefix = "") {
  {
    WireWriter out(prefix);
    write(out);
  }
  return prefix;
}

TEST(WireWriterTest, Int32AsProtobufWritesIt) {
  for (const int32_t value : {0, 1, 127, 128, 300, -1, -300, std::numeric_limits<int32_t>::min(),
                              std::numeric_limits<int32_t>::max()}) {
    SCOPED_TRACE(value);
    Skill skill;
    skill.set_level(value);
    EXPECT_EQ(Written([&](WireWriter& out) { out.Int32(Skill::kLevelFieldNumber, value); }),
              skill.SerializeAsString());
  }
}

TEST(WireWriterTest, Int64AsProtobufWritesIt) {
  for (const int64_t value : {int64_t{0}, int64_t{5000}, int64_t{1} << 40, int64_t{-7},
                              std::numeric_limits<int64_t>::min()}) {
    SCOPED_TRACE(value);
    common::v1::Money money;
    money.set_units(value);
    EXPECT_EQ(
        Written([&](WireWriter& out) { out.Int64(common::v1::Money::kUnitsFieldNumber, value); }),
        money.SerializeAsString());
  }
}

TEST(WireWriterTest, DoubleAsProtobufWritesItAndOnlyPositiveZeroIsLeftOut) {
  for (const double value :
       {0.0, -0.0, 1.5, -35.0, 1e-300, std::numeric_limits<double>::infinity(), std::nan("")}) {
    SCOPED_TRACE(value);
    v1::ScoreFactor factor;
    factor.set_points(value);
    EXPECT_EQ(
        Written([&](WireWriter& out) { out.Double(v1::ScoreFactor::kPointsFieldNumber, value); }),
        factor.SerializeAsString());
  }
  EXPECT_EQ(Written([](WireWriter& out) { out.Double(2, 0.0); }), "");
  EXPECT_EQ(Written([](WireWriter& out) { out.Double(2, -0.0); }).size(), 9u);
}

TEST(WireWriterTest, BoolAndEnumAsProtobufWritesThem) {
  for (const bool value : {false, true}) {
    v1::CandidateMatch match;
    match.set_in_other_process(value);
    EXPECT_EQ(Written([&](WireWriter& out) {
                out.Bool(v1::CandidateMatch::kInOtherProcessFieldNumber, value);
              }),
              match.SerializeAsString());
  }
  for (const int state : {0, 1, 2, 4}) {
    v1::Candidate candidate;
    candidate.set_state(static_cast<v1::Candidate::State>(state));
    EXPECT_EQ(Written([&](WireWriter& out) { out.Enum(v1::Candidate::kStateFieldNumber, state); }),
              candidate.SerializeAsString());
  }
}

TEST(WireWriterTest, StringsOfEveryLengthClassAsProtobufWritesThem) {
  // An empty string is left out; lengths of one, two and three varint bytes.
  for (const size_t length : {0, 1, 127, 128, 16383, 16384, 70000}) {
    SCOPED_TRACE(length);
    const std::string text(length, 'x');
    Skill skill;
    skill.set_skill(text);
    EXPECT_EQ(Written([&](WireWriter& out) { out.String(Skill::kSkillFieldNumber, text); }),
              skill.SerializeAsString());
  }
}

TEST(WireWriterTest, AStringWrittenInPiecesIsTheStringWritten) {
  for (const size_t length : {0, 1, 127, 128, 300, 16383, 16384, 70000}) {
    SCOPED_TRACE(length);
    Skill skill;
    skill.set_skill(std::string(length, 'y'));
    skill.set_level(3);
    EXPECT_EQ(Written([&](WireWriter& out) {
                const WireWriter::Mark text = out.Begin(Skill::kSkillFieldNumber);
                out.Text(std::string(length / 2, 'y'));
                out.Text(std::string(length - length / 2, 'y'));
                out.End(text, WireWriter::kDropEmpty);  // empty: left out, as an empty string is
                out.Int32(Skill::kLevelFieldNumber, 3);
              }),
              skill.SerializeAsString());
  }
}

TEST(WireWriterTest, NestedMessagesWithLengthsThatGrowAsProtobufWritesThem) {
  // A candidate whose working hours (a message) hold a zone name of each length class, after
  // a name and before skills (messages again), with a packed list of days: each inner
  // length's growth moves what the outer field holds.
  for (const size_t zone : {0, 5, 120, 127, 128, 16380, 16384, 70000}) {
    for (const bool with_days : {false, true}) {
      SCOPED_TRACE(testing::Message() << zone << " " << with_days);
      v1::CandidateMatch match;
      v1::Candidate& candidate = *match.mutable_candidate();
      candidate.set_name("candidates/c1");
      common::v1::WorkingHours& hours = *candidate.mutable_working_hours();
      hours.set_time_zone(std::string(zone, 'z'));
      if (with_days) {
        for (const int day : {1, 3, 5}) hours.add_days(static_cast<common::v1::Weekday>(day));
      }
      Skill& skill = *candidate.add_skills();
      skill.set_skill(std::string(zone / 2, 's'));
      skill.set_years(4);

      const std::string bytes = Written([&](WireWriter& out) {
        const WireWriter::Mark outer = out.Begin(v1::CandidateMatch::kCandidateFieldNumber);
        out.String(v1::Candidate::kNameFieldNumber, "candidates/c1");
        const WireWriter::Mark working_hours = out.Begin(v1::Candidate::kWorkingHoursFieldNumber);
        out.String(common::v1::WorkingHours::kTimeZoneFieldNumber, std::string(zone, 'z'));
        const WireWriter::Mark days = out.Begin(common::v1::WorkingHours::kDaysFieldNumber);
        if (with_days) {
          for (const int day : {1, 3, 5}) out.PackedVarint(day);
        }
        out.End(days, WireWriter::kDropEmpty);
        out.End(working_hours, WireWriter::kKeepEmpty);  // set, so written even when empty
        const WireWriter::Mark held = out.Begin(v1::Candidate::kSkillsFieldNumber);
        out.String(Skill::kSkillFieldNumber, std::string(zone / 2, 's'));
        out.Int32(Skill::kYearsFieldNumber, 4);
        out.End(held, WireWriter::kKeepEmpty);
        out.End(outer, WireWriter::kKeepEmpty);
      });
      EXPECT_EQ(bytes, match.SerializeAsString());
      v1::CandidateMatch parsed;
      ASSERT_TRUE(parsed.ParseFromString(bytes));
      EXPECT_EQ(parsed.candidate().working_hours().time_zone().size(), zone);
    }
  }
}

TEST(WireWriterTest, AnEmptySetMessageIsWrittenAndAnEmptyListIsNot) {
  v1::Candidate candidate;
  candidate.mutable_working_hours();  // set, with nothing in it
  const std::string bytes = Written([](WireWriter& out) {
    const WireWriter::Mark hours = out.Begin(v1::Candidate::kWorkingHoursFieldNumber);
    const WireWriter::Mark days = out.Begin(common::v1::WorkingHours::kDaysFieldNumber);
    out.End(days, WireWriter::kDropEmpty);
    out.End(hours, WireWriter::kKeepEmpty);
  });
  EXPECT_EQ(bytes, candidate.SerializeAsString());
  EXPECT_EQ(bytes.size(), 2u);  // the tag and a length of 0
}

TEST(WireWriterTest, AppendsAfterWhatTheStringHeldAndGrowsItAsNeeded) {
  // The writer starts where the string ends, keeps room ahead of it in the string and gives
  // back what it did not use when it closes; many fields make it grow several times.
  Skill skill;
  skill.set_skill(std::string(200, 'q'));
  std::string expected = "prefix";
  for (int i = 0; i < 1000; ++i) expected += skill.SerializeAsString();
  EXPECT_EQ(Written(
                [](WireWriter& out) {
                  for (int i = 0; i < 1000; ++i) {
                    const WireWriter::Mark text = out.Begin(Skill::kSkillFieldNumber);
                    out.Text(std::string(200, 'q'));
                    out.End(text, WireWriter::kKeepEmpty);
                  }
                },
                "prefix"),
            expected);
}

}  // namespace
}  // namespace meridian::talent

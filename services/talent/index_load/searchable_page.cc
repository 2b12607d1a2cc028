#include "services/talent/index_load/searchable_page.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/search/query.h"
#include "services/talent/search_proto/candidate_input.h"

namespace meridian::talent {
namespace {

// An enum's numbers by name, from its proto descriptor: the names are what the stored JSON
// holds. Built once, then only read (by every reader thread).
class EnumNumbers final {
 public:
  explicit EnumNumbers(const google::protobuf::EnumDescriptor& descriptor) {
    for (int i = 0; i < descriptor.value_count(); ++i) {
      numbers_.emplace(descriptor.value(i)->name(), descriptor.value(i)->number());
    }
  }
  // The number named `name`; -1 when the enum has no such name.
  int Find(std::string_view name) const {
    const auto found = numbers_.find(absl::string_view(name.data(), name.size()));
    return found == numbers_.end() ? -1 : found->second;
  }

 private:
  absl::flat_hash_map<std::string, int> numbers_;
};

struct Enums {
  EnumNumbers state{*v1::Candidate::State_descriptor()};
  EnumNumbers weekday{*common::v1::Weekday_descriptor()};
  EnumNumbers role_kind{*common::v1::RoleKind_descriptor()};
  EnumNumbers seniority{*common::v1::Seniority_descriptor()};
  EnumNumbers english{*v1::EnglishLevel_descriptor()};
};

const Enums& TheEnums() {
  static const Enums* const enums = new Enums();
  return *enums;
}

// A scalar enum field: an unknown name reads as unset (0), as the proto's parser leaves it.
int EnumOrUnset(const EnumNumbers& numbers, std::string_view name) {
  return std::max(0, numbers.Find(name));
}

std::string_view Text(const pqxx::field& field) { return {field.c_str(), field.size()}; }

// A whole number written as text, read as atoll reads it (spaces, a sign, the digits up to
// the first other character), within 0..INT32_MAX.
int32_t Count(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && (text[at] == ' ' || (text[at] >= '\t' && text[at] <= '\r'))) ++at;
  bool negative = false;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) negative = text[at++] == '-';
  int64_t value = 0;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
    value = std::min<int64_t>(value * 10 + (text[at] - '0'), INT32_MAX);
  }
  return negative ? 0 : static_cast<int32_t>(value);
}

int32_t Count(int64_t number) {
  return static_cast<int32_t>(std::clamp<int64_t>(number, 0, INT32_MAX));
}

class DaysReader final : public JsonListVisitor {
 public:
  explicit DaysReader(std::vector<int>& days) : days_(days) {}
  void String(std::string_view name) override {
    if (const int day = TheEnums().weekday.Find(name); day >= 0) days_.push_back(day);
  }

 private:
  std::vector<int>& days_;
};

class SkillsReader final : public JsonListVisitor {
 public:
  explicit SkillsReader(std::vector<CandidateInput::Skill>& skills) : skills_(skills) {}
  void Object() override { skills_.emplace_back(); }
  void Member(const JsonMember& member) override {
    CandidateInput::Skill& skill = skills_.back();
    if (member.text == nullptr && !member.whole_number) return;  // no value this reads
    if (member.key == "skill") {
      if (member.text != nullptr) skill.skill = *member.text;
      return;
    }
    // Proto JSON may write a whole number as a string.
    const int32_t count = member.text != nullptr ? Count(*member.text) : Count(member.number);
    if (member.key == "level") skill.level = count;
    if (member.key == "years") skill.years = count;
  }

 private:
  std::vector<CandidateInput::Skill>& skills_;
};

class KindsReader final : public JsonListVisitor {
 public:
  explicit KindsReader(uint32_t& mask) : mask_(mask) {}
  void String(std::string_view name) override {
    const int kind = TheEnums().role_kind.Find(name);
    if (kind >= 0 && kind < 32) mask_ |= 1u << kind;
  }

 private:
  uint32_t& mask_;
};

class SoftSkillsReader final : public JsonListVisitor {
 public:
  explicit SoftSkillsReader(std::vector<std::string_view>& soft_skills)
      : soft_skills_(soft_skills) {}
  void String(std::string_view text) override { soft_skills_.push_back(text); }

 private:
  std::vector<std::string_view>& soft_skills_;
};

}  // namespace

void SearchablePage::Release() {
  count_ = 0;
  rows_ = pqxx::result();
  decoded_.Clear();
  days_.clear();
  day_ends_.clear();
}

int SearchablePage::Read(pqxx::work& tx, int64_t after, int64_t through, int limit,
                         int64_t& last_seq) {
  Release();
  // Scalars as text and lists as jsonb's text of the array, parsed here: taking them apart
  // in SQL, element by element, cost the database more than the rest of the query, and arrays
  // of text made both its output and our parsing slower than JSON's.
  rows_ = tx.exec_params(
      "SELECT seq, id, state, country, display_name, time_zone, start_time, end_time, days, "
      "skills, kinds, seniority, english_level, currency_code, rate_units, available_year, "
      "available_month, available_day, soft_skills FROM talent.searchable_candidates "
      "WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
      after, through, limit);
  if (inputs_.size() < rows_.size()) inputs_.resize(rows_.size());
  for (size_t r = 0; r < rows_.size(); ++r) {
    const pqxx::row row = rows_[r];
    last_seq = row[0].as<int64_t>();
    ParseRow(row, inputs_[r]);
    day_ends_.push_back(days_.size());
  }
  // Only now that days_ has stopped growing can the inputs point into it.
  size_t begin = 0;
  for (size_t r = 0; r < rows_.size(); ++r) {
    inputs_[r].hours.days = days_.data() + begin;
    inputs_[r].hours.day_count = day_ends_[r] - begin;
    begin = day_ends_[r];
  }
  count_ = rows_.size();
  return static_cast<int>(count_);
}

void SearchablePage::ParseRow(const pqxx::row& row, CandidateInput& input) {
  const Enums& enums = TheEnums();
  input.id = Text(row[1]);
  input.state = EnumOrUnset(enums.state, Text(row[2]));
  input.country = Text(row[3]);
  input.display_name = Text(row[4]);
  input.hours = {.time_zone = Text(row[5]), .start = Text(row[6]), .end = Text(row[7])};
  input.load_hours = &LoadWeeklyHours;
  DaysReader days(days_);
  ReadJsonList(Text(row[8]), decoded_, days);
  input.skills.clear();
  SkillsReader skills(input.skills);
  ReadJsonList(Text(row[9]), decoded_, skills);
  input.kinds_mask = 0;
  KindsReader kinds(input.kinds_mask);
  ReadJsonList(Text(row[10]), decoded_, kinds);
  input.seniority = EnumOrUnset(enums.seniority, Text(row[11]));
  input.english = EnumOrUnset(enums.english, Text(row[12]));
  input.currency_code = Text(row[13]);
  input.rate_units = std::atoll(row[14].c_str());
  const int32_t year = Count(Text(row[15]));
  input.available_day =
      year == 0 ? INT32_MIN
                : DaysSinceEpoch(absl::CivilDay(year, Count(Text(row[16])), Count(Text(row[17]))));
  input.soft_skills.clear();
  SoftSkillsReader soft_skills(input.soft_skills);
  ReadJsonList(Text(row[18]), decoded_, soft_skills);
}

}  // namespace meridian::talent

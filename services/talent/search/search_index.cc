#include "services/talent/search/search_index.h"

#include <algorithm>
#include <climits>
#include <mutex>
#include <queue>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/talent/domain/candidate_rules.h"
#include "services/talent/search/scoring.h"

namespace meridian::talent {
namespace {

int32_t DayNumber(const google::type::Date& date) {
  return static_cast<int32_t>(absl::CivilDay(date.year(), date.month(), date.day()) -
                              absl::CivilDay(1970, 1, 1));
}

uint32_t DayBits(const common::v1::WorkingHours& hours) {
  uint32_t bits = 0;
  for (int day : hours.days()) bits |= 1u << day;
  return bits == 0 ? 0b111110 : bits;  // Monday to Friday
}

// One scored candidate on its way into a page.
struct Ranked {
  double score;
  const IndexedCandidate* record;
  const Overlap* overlap;
  ScoreParts parts;
};

// Orders by the ranking: score descending, then display name, then id.
bool Before(const Ranked& a, const Ranked& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.record->display_name != b.record->display_name) {
    return a.record->display_name < b.record->display_name;
  }
  return a.record->id < b.record->id;
}

}  // namespace

uint32_t SearchIndex::Intern(std::unordered_map<std::string, uint32_t>& dictionary,
                             std::vector<std::string>& names, const std::string& value) {
  auto [it, inserted] = dictionary.emplace(value, static_cast<uint32_t>(names.size()));
  if (inserted) names.push_back(value);
  return it->second;
}

uint32_t SearchIndex::InternGroup(const common::v1::WorkingHours& hours) {
  GroupKey key{hours.time_zone(), hours.start(), hours.end(), DayBits(hours)};
  if (auto it = group_ids_.find(key); it != group_ids_.end()) return it->second;
  absl::StatusOr<WeeklyHours> weekly = WeeklyHours::From(hours);
  if (!weekly.ok()) return UINT32_MAX;
  groups_.push_back(*weekly);
  group_hours_.push_back(hours);
  const auto id = static_cast<uint32_t>(groups_.size() - 1);
  group_ids_.emplace(key, id);
  return id;
}

void SearchIndex::Upsert(const v1::Candidate& candidate) {
  const std::string id = candidate.name().substr(candidate.name().rfind('/') + 1);
  std::unique_lock lock(mutex_);
  RemoveLocked(id);
  if (!IsSearchable(candidate.state())) return;
  IndexedCandidate record;
  record.id = id;
  record.display_name = candidate.display_name();
  if (candidate.country().size() == 2) {
    std::copy_n(candidate.country().begin(), 2, record.country.begin());
  }
  if (candidate.monthly_rate().currency_code().size() == 3) {
    std::copy_n(candidate.monthly_rate().currency_code().begin(), 3, record.currency.begin());
  }
  record.state = static_cast<uint8_t>(candidate.state());
  record.seniority = static_cast<uint8_t>(candidate.seniority());
  record.english = static_cast<uint8_t>(candidate.english_level());
  for (int kind : candidate.kinds()) record.kinds_mask |= 1u << kind;
  record.available_day =
      candidate.has_available_from() ? DayNumber(candidate.available_from()) : INT32_MIN;
  record.rate_units = candidate.monthly_rate().units();
  record.hours_group = InternGroup(candidate.working_hours());
  if (record.hours_group == UINT32_MAX) return;  // Stored data always validates; be safe.
  for (const auto& skill : candidate.skills()) {
    record.skills.push_back({static_cast<uint16_t>(Intern(skill_ids_, skill_names_, skill.skill())),
                             static_cast<uint8_t>(skill.level()),
                             static_cast<uint8_t>(skill.years())});
  }
  std::sort(record.skills.begin(), record.skills.end(),
            [](const IndexedSkill& a, const IndexedSkill& b) { return a.skill < b.skill; });
  for (const std::string& soft : candidate.soft_skills()) {
    record.soft_skills.push_back(
        Intern(soft_skill_ids_, soft_skill_names_, absl::AsciiStrToLower(soft)));
  }
  std::sort(record.soft_skills.begin(), record.soft_skills.end());

  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(records_.size());
    records_.emplace_back();
  }
  if (postings_.size() < skill_names_.size()) postings_.resize(skill_names_.size());
  for (const IndexedSkill& skill : record.skills) postings_[skill.skill].push_back(slot);
  slot_by_id_[id] = slot;
  records_[slot] = std::move(record);
}

void SearchIndex::Remove(const std::string& id) {
  std::unique_lock lock(mutex_);
  RemoveLocked(id);
}

void SearchIndex::RemoveLocked(const std::string& id) {
  auto it = slot_by_id_.find(id);
  if (it == slot_by_id_.end()) return;
  const uint32_t slot = it->second;
  for (const IndexedSkill& skill : records_[slot].skills) {
    std::vector<uint32_t>& posting = postings_[skill.skill];
    auto found = std::find(posting.begin(), posting.end(), slot);
    if (found != posting.end()) {
      *found = posting.back();
      posting.pop_back();
    }
  }
  records_[slot] = IndexedCandidate{};
  free_slots_.push_back(slot);
  slot_by_id_.erase(it);
}

size_t SearchIndex::size() const {
  std::shared_lock lock(mutex_);
  return slot_by_id_.size();
}

size_t SearchIndex::ApproximateBytes() const {
  std::shared_lock lock(mutex_);
  size_t bytes = records_.capacity() * sizeof(IndexedCandidate);
  for (const IndexedCandidate& record : records_) {
    bytes += record.skills.capacity() * sizeof(IndexedSkill) +
             record.soft_skills.capacity() * sizeof(uint32_t);
    if (record.id.size() > 15) bytes += record.id.capacity();
    if (record.display_name.size() > 15) bytes += record.display_name.capacity();
  }
  for (const auto& posting : postings_) bytes += posting.capacity() * sizeof(uint32_t);
  bytes += slot_by_id_.size() * (sizeof(std::string) + sizeof(uint32_t) + 2 * sizeof(void*));
  return bytes;
}

v1::Candidate SearchIndex::Summary(const IndexedCandidate& record) const {
  v1::Candidate summary;
  summary.set_name(absl::StrCat("candidates/", record.id));
  summary.set_display_name(record.display_name);
  summary.set_country(std::string(record.country.data(), 2));
  *summary.mutable_working_hours() = group_hours_[record.hours_group];
  for (const IndexedSkill& skill : record.skills) {
    auto* out = summary.add_skills();
    out->set_skill(skill_names_[skill.skill]);
    out->set_level(skill.level);
    out->set_years(skill.years);
  }
  for (int kind = 1; kind < 32; ++kind) {
    if (record.kinds_mask & (1u << kind)) {
      summary.add_kinds(static_cast<common::v1::RoleKind>(kind));
    }
  }
  summary.set_seniority(static_cast<common::v1::Seniority>(record.seniority));
  summary.set_english_level(static_cast<v1::EnglishLevel>(record.english));
  summary.mutable_monthly_rate()->set_currency_code(std::string(record.currency.data(), 3));
  summary.mutable_monthly_rate()->set_units(record.rate_units);
  if (record.available_day != INT32_MIN) {
    const absl::CivilDay day = absl::CivilDay(1970, 1, 1) + record.available_day;
    summary.mutable_available_from()->set_year(static_cast<int32_t>(day.year()));
    summary.mutable_available_from()->set_month(day.month());
    summary.mutable_available_from()->set_day(day.day());
  }
  summary.set_state(static_cast<v1::Candidate::State>(record.state));
  return summary;
}

SearchResult SearchIndex::Search(const SearchQuery& query) const {
  std::shared_lock lock(mutex_);
  SearchResult result;

  // Interned ids of what the query asks for; a required skill nobody has ends the search.
  ResolvedNeeds needs;
  const auto lookup = [](const auto& dictionary, const std::string& name) {
    auto it = dictionary.find(name);
    return it == dictionary.end() ? -1 : static_cast<int>(it->second);
  };
  for (const SkillNeed& need : query.required)
    needs.required.push_back(lookup(skill_ids_, need.skill));
  for (const SkillNeed& need : query.nice) needs.nice.push_back(lookup(skill_ids_, need.skill));
  for (const std::string& soft : query.soft_skills) {
    needs.soft_skills.push_back(lookup(soft_skill_ids_, soft));
  }
  if (std::find(needs.required.begin(), needs.required.end(), -1) != needs.required.end()) {
    return result;
  }

  // Drive by the rarest required skill's postings, or walk every record.
  const std::vector<uint32_t>* driver = nullptr;
  for (int skill : needs.required) {
    if (driver == nullptr || postings_[skill].size() < driver->size()) driver = &postings_[skill];
  }

  // Overlap per working-hours group, computed the first time a group is met.
  std::vector<std::optional<Overlap>> overlaps(groups_.size());
  const auto overlap_of = [&](uint32_t group) -> const Overlap& {
    if (!overlaps[group]) {
      overlaps[group] = ComputeOverlap(query.client_hours, groups_[group], query.reference_date,
                                       query.horizon_days);
    }
    return *overlaps[group];
  };
  const int32_t available_by =
      query.available_by ? static_cast<int32_t>(*query.available_by - absl::CivilDay(1970, 1, 1))
                         : 0;

  // A bounded heap of the page: its top is the worst match kept so far.
  const auto worse_first = [](const Ranked& a, const Ranked& b) { return Before(a, b); };
  std::priority_queue<Ranked, std::vector<Ranked>, decltype(worse_first)> page(worse_first);
  const size_t page_size = std::max<size_t>(query.page_size, 1);
  const size_t keep = page_size + 1;  // one more tells that another page follows

  const auto consider = [&](uint32_t slot) {
    const IndexedCandidate& record = records_[slot];
    if (record.id.empty() || !IsSearchable(static_cast<v1::Candidate::State>(record.state))) {
      return;
    }
    if (!query.excluded_ids.empty() && query.excluded_ids.contains(record.id)) return;
    const std::string country(record.country.data(), 2);
    if (!query.countries.empty() && !query.countries.contains(country)) return;
    if (query.excluded_countries.contains(country)) return;
    if (query.min_english > 0 && record.english < query.min_english) return;
    if (query.kinds_mask != 0 && (record.kinds_mask & query.kinds_mask) == 0) return;
    if (query.available_by && record.available_day != INT32_MIN &&
        record.available_day > available_by) {
      return;
    }
    if (query.budget_usd) {
      const double usd = RateInUsd(record, query);
      if (usd < 0 || usd > *query.budget_usd * (1 + query.budget_tolerance) + 1e-9) return;
    }
    for (size_t i = 0; i < query.required.size(); ++i) {
      const IndexedSkill* has = FindSkill(record, needs.required[i]);
      if (has == nullptr || has->level < query.required[i].min_level ||
          has->years < query.required[i].min_years) {
        return;
      }
    }
    const Overlap& overlap = overlap_of(record.hours_group);
    if (overlap.min_hours + 1e-9 < query.min_overlap_hours) return;

    ++result.total_size;
    ScoreParts parts = Score(record, query, needs, overlap);
    // The parts are in tenths already; rounding their sum only removes floating-point dust,
    // so the score is exactly the sum of the factors shown and ties are real ties.
    const double score = std::round(parts.total() * 10) / 10;
    if (query.after && RanksBefore(score, record.display_name, record.id, *query.after)) return;
    Ranked ranked{score, &record, &overlap, parts};
    if (page.size() < keep) {
      page.push(ranked);
    } else if (Before(ranked, page.top())) {
      page.pop();
      page.push(ranked);
    }
  };
  if (query.only_id) {
    if (auto it = slot_by_id_.find(*query.only_id); it != slot_by_id_.end()) consider(it->second);
  } else if (driver != nullptr) {
    for (uint32_t slot : *driver) consider(slot);
  } else {
    for (uint32_t slot = 0; slot < records_.size(); ++slot) consider(slot);
  }

  std::vector<Ranked> ranked;
  while (!page.empty()) {
    ranked.push_back(page.top());
    page.pop();
  }
  std::sort(ranked.begin(), ranked.end(), Before);
  if (ranked.size() > page_size) {
    ranked.resize(page_size);
    const Ranked& last = ranked.back();
    result.next = SearchCursor{last.score, last.record->display_name, last.record->id};
  }
  // Explanations only for the page returned.
  for (const Ranked& entry : ranked) {
    v1::CandidateMatch match;
    *match.mutable_candidate() = Summary(*entry.record);
    match.set_score(entry.score);
    match.set_overlap_hours_min(entry.overlap->min_hours);
    match.set_overlap_hours_max(entry.overlap->max_hours);
    match.set_in_other_process(entry.record->state == v1::Candidate::INTERVIEWING);
    std::vector<std::string> missing;
    const std::string sentence =
        DescribeOverlap(*entry.overlap, query.client_hours, groups_[entry.record->hours_group]);
    for (v1::ScoreFactor& factor :
         Explain(*entry.record, query, needs, sentence, entry.parts, missing)) {
      *match.add_factors() = std::move(factor);
    }
    for (std::string& skill : missing) match.add_missing_skills(std::move(skill));
    result.matches.push_back(std::move(match));
  }
  return result;
}

}  // namespace meridian::talent

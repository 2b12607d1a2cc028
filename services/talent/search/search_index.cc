#include "services/talent/search/search_index.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <climits>
#include <cmath>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "services/talent/search/index_layout.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/scoring.h"
#include "services/talent/search/search_run.h"

namespace meridian::talent {
namespace {

// Erases the entry of `cache` (a map whose values have `last_used`) read least recently.
template <typename Cache>
void EraseLeastRecentlyUsed(Cache& cache) {
  const auto oldest = std::min_element(
      cache.begin(), cache.end(),
      [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
  if (oldest != cache.end()) cache.erase(oldest);
}

}  // namespace

using index::Base;
using index::CompactRecord;
using index::Delta;
using index::Dictionaries;
using index::HotFields;
using index::kNoGroup;
using index::Posting;

SearchIndex::SearchIndex(size_t min_compaction_changes, SearchTuning tuning)
    : min_compaction_changes_(min_compaction_changes),
      tuning_(tuning),
      state_(std::make_shared<const State>(State{std::make_shared<const Dictionaries>(),
                                                 std::make_shared<const Base>(),
                                                 std::make_shared<const Delta>()})) {}

SearchIndex::~SearchIndex() = default;

std::shared_ptr<const index::Snapshot> SearchIndex::Current() const {
  std::lock_guard lock(publish_mutex_);
  return state_;
}

void SearchIndex::Publish(std::shared_ptr<const State> state) {
  std::shared_ptr<const State> old;
  {
    std::lock_guard lock(publish_mutex_);
    old = std::move(state_);
    state_ = std::move(state);
  }
  // `old` is released here, outside the lock (searches still holding it keep it alive).
}

struct SearchIndex::Builder::Parts {
  std::shared_ptr<Dictionaries> dictionaries = std::make_shared<Dictionaries>();
  std::shared_ptr<Base> base = std::make_shared<Base>();
};

SearchIndex::Builder::Builder() : parts_(std::make_unique<Parts>()) {}
SearchIndex::Builder::~Builder() = default;
SearchIndex::Builder::Builder(Builder&&) noexcept = default;

void SearchIndex::Builder::Add(const CandidateInput& candidate) {
  if (std::optional<IndexedCandidate> record = index::ToRecord(candidate, *parts_->dictionaries)) {
    parts_->base->Append(*record, *parts_->dictionaries);
  }
}

size_t SearchIndex::Builder::size() const { return parts_->base->records.size(); }

void SearchIndex::Load(Builder builder) {
  {
    std::lock_guard writer(writer_mutex_);
    Base& base = *builder.parts_->base;
    base.Finish(tuning_.cells_from,
                base.records.size() / std::max<size_t>(tuning_.cells_only_share, 1),
                tuning_.cell_years_cap);
    auto delta = std::make_shared<Delta>();
    delta->overridden.assign((builder.parts_->base->records.size() + 63) / 64, 0);
    Publish(std::make_shared<const State>(
        State{std::move(builder.parts_->dictionaries), std::move(builder.parts_->base), delta}));
  }
#ifdef __GLIBC__
  // The load grew its arrays by doubling and then shrank them to size: hand the freed heap
  // back to the system, or the process keeps the peak (tens of bytes a candidate).
  malloc_trim(0);
#endif
}

void SearchIndex::Load(const std::vector<CandidateInput>& candidates) {
  Builder builder;
  std::unordered_set<std::string_view> seen;
  for (const CandidateInput& candidate : candidates) {
    if (seen.insert(candidate.id).second) builder.Add(candidate);
  }
  Load(std::move(builder));
}

void SearchIndex::Apply(const std::vector<CandidateInput>& upserts,
                        const std::vector<std::string>& removed) {
  std::lock_guard writer(writer_mutex_);
  const std::shared_ptr<const State> current = Current();
  auto dictionaries = std::make_shared<Dictionaries>(*current->dictionaries);
  auto delta = std::make_shared<Delta>(*current->delta);
  const Base& base = *current->base;
  delta->overridden.resize((base.records.size() + 63) / 64, 0);

  const auto set = [&](const std::string& id, std::optional<IndexedCandidate> record) {
    if (std::optional<uint32_t> slot = base.SlotOf(id)) {
      delta->Override(*slot);
      delta->changes[id] = std::move(record);  // nullopt hides the base record
    } else if (record) {
      delta->changes[id] = std::move(record);
    } else {
      delta->changes.erase(id);
    }
  };
  for (const std::string& id : removed) set(id, std::nullopt);
  for (const CandidateInput& candidate : upserts) {
    set(std::string(candidate.id), index::ToRecord(candidate, *dictionaries));
  }
  delta->Reindex();

  std::shared_ptr<const Base> next_base = current->base;
  if (delta->changes.size() > std::max(min_compaction_changes_, base.records.size() / 20)) {
    const size_t records = base.records.size() - delta->overridden_count + delta->present;
    next_base = index::Compact(base, *delta, *dictionaries, tuning_.cells_from,
                               records / std::max<size_t>(tuning_.cells_only_share, 1),
                               tuning_.cell_years_cap);
    delta = std::make_shared<Delta>();
    delta->overridden.assign((next_base->records.size() + 63) / 64, 0);
  }
  Publish(std::make_shared<const State>(State{dictionaries, next_base, delta}));
}

size_t SearchIndex::size() const {
  const std::shared_ptr<const State> state = Current();
  return state->base->records.size() - state->delta->overridden_count + state->delta->present;
}

size_t SearchIndex::ApproximateBytes() const {
  const std::shared_ptr<const State> state = Current();
  const Base& base = *state->base;
  // HeldBytes: the arenas Finish leaves with spare capacity hold only their size in memory.
  size_t bytes = index::HeldBytes(base.records) + index::HeldBytes(base.hot) +
                 index::HeldBytes(base.names) + index::HeldBytes(base.skills) +
                 index::HeldBytes(base.soft) + index::HeldBytes(base.by_id);
  for (const auto& posting : base.postings) bytes += posting.capacity() * sizeof(Posting);
  for (const auto& cells : base.cells) bytes += cells.Bytes();
  const Delta& delta = *state->delta;
  bytes += delta.overridden.capacity() * sizeof(uint64_t) +
           delta.records.capacity() * sizeof(delta.records[0]);
  for (const auto& holders : delta.by_skill) bytes += holders.capacity() * sizeof(uint32_t);
  for (const auto& [id, record] : delta.changes) {
    bytes += id.capacity() + sizeof(std::optional<IndexedCandidate>) + 2 * sizeof(void*);
    if (record) {
      bytes += record->skills.capacity() * sizeof(IndexedSkill) +
               record->soft_skills.capacity() * sizeof(uint32_t) + record->id.capacity() +
               record->display_name.capacity();
    }
  }
  return bytes;
}

std::shared_ptr<const index::WindowOverlaps> SearchIndex::GroupOverlaps(const SearchQuery& query,
                                                                        const State& state) const {
  constexpr size_t kMaxCachedWindows = 64;
  const std::vector<WeeklyHours>& groups = state.dictionaries->groups;
  const WeeklyHours& client = query.client_hours;
  std::string days;
  for (absl::Weekday day : {absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::wednesday,
                            absl::Weekday::thursday, absl::Weekday::friday, absl::Weekday::saturday,
                            absl::Weekday::sunday}) {
    days.push_back(client.WorksOn(day) ? '1' : '0');
  }
  const std::string key =
      absl::StrCat(state.dictionaries->numbering, "|", client.zone_name(), "|",
                   client.start_minutes(), "|", client.length_minutes(), "|", days, "|",
                   absl::FormatCivilTime(query.reference_date), "|", query.horizon_days);
  {
    std::lock_guard lock(overlap_mutex_);
    auto it = overlap_cache_.find(key);
    // Groups are only ever appended: a list as long as the dictionary's is complete.
    if (it != overlap_cache_.end() && it->second.overlaps->overlaps.size() >= groups.size()) {
      it->second.last_used = ++overlap_uses_;
      return it->second.overlaps;
    }
  }
  auto overlaps = std::make_shared<index::WindowOverlaps>();
  DaylightMemo daylight;
  for (const WeeklyHours& group : groups) {
    Overlap overlap = ComputeOverlap(client, group, query.reference_date, query.horizon_days);
    overlaps->sentences.push_back(DescribeOverlap(overlap, client, group, &daylight));
    overlaps->min_hours.push_back(overlap.min_hours);
    // The factor depends on the window's length, part of the key, and the overlap alone.
    overlaps->points_tenths.push_back(
        static_cast<uint16_t>(std::llround(OverlapPoints(query, overlap) * 10)));
    overlaps->overlaps.push_back(std::move(overlap));
  }
  std::lock_guard lock(overlap_mutex_);
  if (overlap_cache_.size() >= kMaxCachedWindows && !overlap_cache_.contains(key)) {
    // The least recently used window goes (a window costs a few milliseconds to work out
    // again; dropping them all at once would make every client's next search pay it).
    EraseLeastRecentlyUsed(overlap_cache_);
  }
  overlap_cache_[key] = {overlaps, ++overlap_uses_};
  return overlaps;
}

namespace {

// The key of a client window over a horizon: what an overlap depends on besides the group.
std::string WindowKey(const SearchQuery& query) {
  const WeeklyHours& client = query.client_hours;
  std::string days;
  for (absl::Weekday day : {absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::wednesday,
                            absl::Weekday::thursday, absl::Weekday::friday, absl::Weekday::saturday,
                            absl::Weekday::sunday}) {
    days.push_back(client.WorksOn(day) ? '1' : '0');
  }
  return absl::StrCat(client.zone_name(), "|", client.start_minutes(), "|", client.length_minutes(),
                      "|", days, "|", absl::FormatCivilTime(query.reference_date), "|",
                      query.horizon_days);
}

}  // namespace

std::vector<SearchIndex::QueryMatch> SearchIndex::MatchOne(
    std::string_view id, const std::vector<const SearchQuery*>& queries) const {
  std::vector<QueryMatch> results;
  const std::shared_ptr<const State> state = Current();
  const Dictionaries& dictionaries = *state->dictionaries;
  // The candidate's skills (sorted by skill) and working-hours group, from the delta's record
  // when it has one (a removed candidate: none), else the base's.
  const IndexedSkill* skills = nullptr;
  size_t skill_count = 0;
  uint32_t group = 0;
  if (auto it = state->delta->changes.find(std::string(id)); it != state->delta->changes.end()) {
    if (!it->second) return results;
    skills = it->second->skills.data();
    skill_count = it->second->skills.size();
    group = it->second->hours_group;
  } else if (std::optional<uint32_t> slot = state->base->SlotOf(id)) {
    const CompactRecord& record = state->base->records[*slot];
    skills = state->base->skills.data() + record.skills_offset;
    skill_count = record.skill_count;
    group = record.hours_group;
  } else {
    return results;
  }
  // A need's skill against the candidate's few names, not through the dictionary: hashing each
  // need's name was a third of a match against a thousand roles, and a length that differs
  // settles most comparisons at once.
  std::vector<std::string_view> names;
  names.reserve(skill_count);
  for (size_t k = 0; k < skill_count; ++k) {
    names.push_back(dictionaries.skill_names[skills[k].skill]);
  }
  const auto holds = [&](const SkillNeed& need) {
    return std::find(names.begin(), names.end(), std::string_view(need.skill)) != names.end();
  };
  // The overlap tables of this call's windows, each with the candidate's group filled in.
  std::lock_guard alerts(alert_mutex_);
  std::unordered_map<std::string, std::shared_ptr<const index::WindowOverlaps>> by_window;
  for (size_t i = 0; i < queries.size(); ++i) {
    const SearchQuery& query = *queries[i];
    if (!std::all_of(query.required.begin(), query.required.end(), holds)) continue;
    search::SearchRun run(
        query, *state,
        [&] {
          std::shared_ptr<const index::WindowOverlaps>& overlaps = by_window[WindowKey(query)];
          if (overlaps == nullptr) overlaps = AlertOverlaps(query, dictionaries, group);
          return overlaps;
        },
        tuning_, id);
    SearchResult result = run.Run();
    if (!result.matches.empty()) results.push_back({i, std::move(result)});
  }
  return results;
}

// The overlaps of alerts' client windows, kept across calls and filled a group at a time (the
// overlap of a window and a group is the same for every candidate in the group): many
// candidates share a few hundred groups, so after a while a match reads them from here. Kept
// apart from the searches' cache, whose entries are worked out for every group at once. A
// table whose groups were numbered afresh (a Load) or that lacks groups added since is made
// again, never changed in a way a result handed out could see: entries are only ever filled.
std::shared_ptr<const index::WindowOverlaps> SearchIndex::AlertOverlaps(
    const SearchQuery& query, const Dictionaries& dictionaries, uint32_t group) const {
  constexpr size_t kMaxAlertWindows = 512;
  const size_t groups = dictionaries.groups.size();
  const std::string key = absl::StrCat(dictionaries.numbering, "|", WindowKey(query));
  AlertWindow& window = alert_windows_[key];
  window.last_used = ++alert_uses_;
  if (window.overlaps == nullptr || window.overlaps->min_hours.size() < groups) {
    auto grown = std::make_shared<index::WindowOverlaps>();
    if (window.overlaps != nullptr) *grown = *window.overlaps;
    grown->overlaps.resize(groups);
    grown->sentences.resize(groups);
    grown->min_hours.resize(groups, -1);
    grown->points_tenths.resize(groups, 0);
    window.filled.resize(groups, false);
    window.overlaps = std::move(grown);
  }
  if (group < groups && !window.filled[group]) {
    const WeeklyHours& hours = dictionaries.groups[group];
    Overlap overlap =
        ComputeOverlap(query.client_hours, hours, query.reference_date, query.horizon_days);
    window.overlaps->sentences[group] = DescribeOverlap(overlap, query.client_hours, hours);
    window.overlaps->min_hours[group] = overlap.min_hours;
    window.overlaps->points_tenths[group] =
        static_cast<uint16_t>(std::llround(OverlapPoints(query, overlap) * 10));
    window.overlaps->overlaps[group] = std::move(overlap);
    window.filled[group] = true;
  }
  std::shared_ptr<const index::WindowOverlaps> overlaps = window.overlaps;
  if (alert_windows_.size() > kMaxAlertWindows) {
    // The window read least recently goes (never this one, just read), as with the searches'.
    EraseLeastRecentlyUsed(alert_windows_);
  }
  return overlaps;
}

SearchResult SearchIndex::Search(const SearchQuery& query) const {
  // The snapshot this search reads from start to end, whatever writers publish meanwhile.
  const std::shared_ptr<const State> state = Current();
  search::SearchRun run(
      query, *state, [&] { return GroupOverlaps(query, *state); }, tuning_);
  return run.Run();
}

MatchedRecord MatchedRecord::Of(const IndexedCandidate& record) {
  MatchedRecord view;
  view.id = record.id;
  view.display_name = record.display_name;
  view.country = record.country;
  view.currency = record.currency;
  view.currency_id = record.currency_id;
  view.state = record.state;
  view.seniority = record.seniority;
  view.english = record.english;
  view.kinds_mask = record.kinds_mask;
  view.available_day = record.available_day;
  view.rate_units = record.rate_units;
  view.hours_group = record.hours_group;
  view.skills = record.skills;
  view.soft_skills = record.soft_skills;
  return view;
}

const std::string& SearchResult::SkillName(uint16_t skill) const {
  return dictionaries->skill_names[skill];
}

const WorkingHoursSpec& SearchResult::HoursOf(const MatchedRecord& record) const {
  return dictionaries->group_hours[record.hours_group];
}

}  // namespace meridian::talent

#include "services/talent/search/search_index.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <climits>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "services/talent/domain/candidate_rules.h"
#include "services/talent/search/index_layout.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/scan_pool.h"
#include "services/talent/search/scoring.h"

namespace meridian::talent {

using index::Base;
using index::CompactRecord;
using index::Delta;
using index::Dictionaries;
using index::HotFields;
using index::kNoGroup;
using index::Posting;

struct SearchIndex::State {
  std::shared_ptr<const Dictionaries> dictionaries;
  std::shared_ptr<const Base> base;
  std::shared_ptr<const Delta> delta;
};

namespace {

// A base candidate that passed the skill filters: its slot, its working-hours group as its
// postings tell (kNoGroup when they do not), an upper bound on its score in tenths (once the
// record filters are passed) and the sum of its required-skill margins.
struct BaseHit {
  uint32_t slot;
  uint16_t group;
  uint16_t bound;
  float margin;
};

// Bounds are in tenths of a point, a little above the 100 points a score reaches at most.
constexpr int kMaxBound = 1023;

// A search's scan, part by part: each part's hits and histogram of their bounds, and the hits
// a pass of the scoring picks.
struct ScanParts {
  std::vector<std::vector<BaseHit>> hits;
  std::vector<std::array<uint32_t, kMaxBound + 1>> histograms;
  std::vector<BaseHit> picked;

  void Resize(size_t parts) {
    if (hits.size() < parts) {
      hits.resize(parts);
      histograms.resize(parts);
    }
  }
};

// Scan buffers lent to one search at a time and kept for the next: an unselective search has
// hundreds of thousands of hits, and allocating that much afresh costs page faults (and
// malloc's tidying of its free lists) every time. Only a few are kept, about as many as
// searches that run at once on this machine, so that a burst of concurrent searches does not
// leave every server thread holding tens of megabytes.
class ScratchLease final {
 public:
  ScratchLease() {
    std::lock_guard lock(Mutex());
    if (!Kept().empty()) {
      parts_ = std::move(Kept().back());
      Kept().pop_back();
    }
    if (parts_ == nullptr) parts_ = std::make_unique<ScanParts>();
  }
  ~ScratchLease() {
    std::lock_guard lock(Mutex());
    // (hardware_concurrency() asks the kernel each time: once is enough.)
    static const size_t kKeep = 2 * std::max(1u, std::thread::hardware_concurrency());
    if (Kept().size() < kKeep) {
      Kept().push_back(std::move(parts_));
    }
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;

  ScanParts& parts() { return *parts_; }

 private:
  static std::mutex& Mutex() {
    static std::mutex mutex;
    return mutex;
  }
  static std::vector<std::unique_ptr<ScanParts>>& Kept() {
    static auto* kept = new std::vector<std::unique_ptr<ScanParts>>();
    return *kept;
  }

  std::unique_ptr<ScanParts> parts_;
};

// RequiredSkillMargin for every level and years a posting can hold, for one need. Years past
// min_years + 5 add nothing more, so the table stops there and stays small.
class MarginTable final {
 public:
  explicit MarginTable(const SkillNeed& need) : years_cap_(std::clamp(need.min_years + 5, 0, 255)) {
    for (int level = 0; level <= 5; ++level) {
      for (int years = 0; years <= years_cap_; ++years) {
        margins_.push_back(static_cast<float>(RequiredSkillMargin(need, level, years)));
      }
    }
  }
  // Levels above 5 are never stored; were one there, it would count as 5.
  float Of(uint8_t level, uint8_t years) const {
    return margins_[static_cast<size_t>(std::min<int>(level, 5) * (years_cap_ + 1) +
                                        std::min<int>(years, years_cap_))];
  }

 private:
  int years_cap_;
  std::vector<float> margins_;
};

// Keeps the hits that also hold `need` in `postings` (ascending by slot), adding its margin.
// Each hit is looked for with a galloping search from where the last one was found, so a rare
// skill costs little however common the other is.
void IntersectHits(std::vector<BaseHit>& hits, const std::vector<Posting>& postings,
                   const SkillNeed& need) {
  size_t kept = 0;
  const MarginTable margins(need);
  auto from = postings.begin();
  for (BaseHit hit : hits) {
    size_t step = 1;
    auto bound = from;
    while (bound != postings.end() && bound->slot < hit.slot) {
      from = bound;
      bound = static_cast<size_t>(postings.end() - bound) > step ? bound + step : postings.end();
      step *= 2;
    }
    from = std::lower_bound(from, bound, hit.slot,
                            [](const Posting& p, uint32_t wanted) { return p.slot < wanted; });
    if (from == postings.end()) break;
    if (from->slot == hit.slot && from->level >= need.min_level && from->years >= need.min_years) {
      hit.margin += margins.Of(from->level, from->years);
      hits[kept++] = hit;
    }
  }
  hits.resize(kept);
}

uint16_t CountryCode(std::array<char, 2> country) {
  return static_cast<uint16_t>(static_cast<uint8_t>(country[0]) << 8 |
                               static_cast<uint8_t>(country[1]));
}

// One scored candidate on its way into a page.
struct Ranked {
  double score;
  std::string_view display_name;
  std::string_view id;
  const CompactRecord* base_record;  // one of these two is set
  const IndexedCandidate* delta_record;
  const Overlap* overlap;
  ScoreParts parts;
};

// The ranking: score descending, then display name, then id.
bool Before(const Ranked& a, const Ranked& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.display_name != b.display_name) return a.display_name < b.display_name;
  return a.id < b.id;
}

// The page being filled: a bounded heap whose top is the worst match kept so far, holding
// one more than the page (which tells that another page follows). Its buffer is kept by the
// thread: allocating it afresh costs more than a selective search's filters, for malloc tidies
// up its free lists on every allocation this large.
class TopPage final {
 public:
  TopPage(size_t keep, const std::optional<SearchCursor>& after) : keep_(keep), entries_(Buffer()) {
    entries_.clear();
    entries_.reserve(keep);
    if (after)
      cursor_ = Ranked{after->score, after->display_name, after->id, nullptr, nullptr, nullptr, {}};
  }

  size_t size() const { return entries_.size(); }
  bool full() const { return entries_.size() == keep_; }
  // The worst score kept; only on a full page.
  double worst_score() const { return entries_.front().score; }
  // The worst score on a full page in tenths, 0 while it is not full: what a bound must reach.
  int WorstTenths() const { return full() ? static_cast<int>(std::lround(worst_score() * 10)) : 0; }

  // Keeps `ranked` if it comes after the cursor and beats the worst entry of a full page.
  void Offer(const Ranked& ranked) {
    if (cursor_ && !Before(*cursor_, ranked)) return;  // at or before the end of the last page
    if (!full()) {
      entries_.push_back(ranked);
      std::push_heap(entries_.begin(), entries_.end(), Before);
    } else if (Before(ranked, entries_.front())) {
      std::pop_heap(entries_.begin(), entries_.end(), Before);
      entries_.back() = ranked;
      std::push_heap(entries_.begin(), entries_.end(), Before);
    }
  }

  // The entries, best first (the page is done with after this).
  std::vector<Ranked>& Sorted() {
    std::sort(entries_.begin(), entries_.end(), Before);
    return entries_;
  }

 private:
  static std::vector<Ranked>& Buffer() {
    thread_local std::vector<Ranked> buffer;
    return buffer;
  }

  const size_t keep_;
  std::vector<Ranked>& entries_;
  std::optional<Ranked> cursor_;
};

// The hard filters a candidate's own fields decide (state, ids, countries, English, role kinds,
// availability and budget), prepared once per search as sorted arrays and plain numbers.
class RecordFilters final {
 public:
  explicit RecordFilters(const SearchQuery& query)
      : query_(query),
        excluded_(query.excluded_ids.begin(), query.excluded_ids.end()),
        countries_(CodesOf(query.countries)),
        excluded_countries_(CodesOf(query.excluded_countries)),
        available_by_(query.available_by
                          ? static_cast<int32_t>(*query.available_by - absl::CivilDay(1970, 1, 1))
                          : 0),
        budget_limit_(query.budget_usd ? *query.budget_usd * (1 + query.budget_tolerance) + 1e-9
                                       : 0) {
    std::sort(excluded_.begin(), excluded_.end());
    any_ = !excluded_.empty() || !countries_.empty() || !excluded_countries_.empty() ||
           query.min_english > 0 || query.kinds_mask != 0 || query.available_by.has_value() ||
           query.budget_usd.has_value();
  }

  // False when nobody can pass: an include list whose codes are all malformed.
  bool CanMatch() const { return query_.countries.empty() || !countries_.empty(); }
  // Whether any filter beyond the state applies (if not, records need not be read).
  bool any() const { return any_; }
  // Whether a filter reads what only the full record holds (the id and the role kinds).
  bool ReadsRecord() const { return !excluded_.empty() || query_.kinds_mask != 0; }

  bool Passes(std::string_view id, uint8_t state, std::array<char, 2> country, uint8_t english,
              uint32_t kinds, int32_t available_day, double rate_usd) const {
    if (!IsSearchable(static_cast<v1::Candidate::State>(state))) return false;
    if (!any_) return true;
    if (!excluded_.empty() && std::binary_search(excluded_.begin(), excluded_.end(), id)) {
      return false;
    }
    if (!countries_.empty() || !excluded_countries_.empty()) {
      const uint16_t code = CountryCode(country);
      if (!countries_.empty() && !std::binary_search(countries_.begin(), countries_.end(), code)) {
        return false;
      }
      if (std::binary_search(excluded_countries_.begin(), excluded_countries_.end(), code)) {
        return false;
      }
    }
    if (query_.min_english > 0 && english < query_.min_english) return false;
    if (query_.kinds_mask != 0 && (kinds & query_.kinds_mask) == 0) return false;
    if (query_.available_by && available_day != INT32_MIN && available_day > available_by_) {
      return false;
    }
    if (query_.budget_usd && (rate_usd < 0 || rate_usd > budget_limit_)) return false;
    return true;
  }

 private:
  static std::vector<uint16_t> CodesOf(const std::unordered_set<std::string>& names) {
    std::vector<uint16_t> codes;
    for (const std::string& name : names) {
      if (name.size() == 2) codes.push_back(CountryCode({name[0], name[1]}));
    }
    std::sort(codes.begin(), codes.end());
    return codes;
  }

  const SearchQuery& query_;
  std::vector<std::string_view> excluded_;
  std::vector<uint16_t> countries_;
  std::vector<uint16_t> excluded_countries_;
  int32_t available_by_;
  double budget_limit_;
  bool any_ = false;
};

v1::Candidate Summary(const IndexedCandidate& record, const Dictionaries& d) {
  v1::Candidate summary;
  summary.set_name(absl::StrCat("candidates/", record.id));
  summary.set_display_name(record.display_name);
  summary.set_country(std::string(record.country.data(), 2));
  *summary.mutable_working_hours() = d.group_hours[record.hours_group];
  for (const IndexedSkill& skill : record.skills) {
    auto* out = summary.add_skills();
    out->set_skill(d.skill_names[skill.skill]);
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

}  // namespace

SearchIndex::SearchIndex(size_t min_compaction_changes, size_t parallel_scan_from)
    : min_compaction_changes_(min_compaction_changes),
      parallel_scan_from_(parallel_scan_from),
      state_(std::make_shared<const State>(State{std::make_shared<const Dictionaries>(),
                                                 std::make_shared<const Base>(),
                                                 std::make_shared<const Delta>()})) {}

SearchIndex::~SearchIndex() = default;

std::shared_ptr<const SearchIndex::State> SearchIndex::Current() const {
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

void SearchIndex::Builder::Add(const v1::Candidate& candidate) {
  if (std::optional<IndexedCandidate> record = index::ToRecord(candidate, *parts_->dictionaries)) {
    parts_->base->Append(*record, *parts_->dictionaries);
  }
}

size_t SearchIndex::Builder::size() const { return parts_->base->records.size(); }

void SearchIndex::Load(Builder builder) {
  {
    std::lock_guard writer(writer_mutex_);
    builder.parts_->base->Finish();
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

void SearchIndex::Load(const std::vector<v1::Candidate>& candidates) {
  Builder builder;
  std::unordered_set<std::string> seen;
  for (const v1::Candidate& candidate : candidates) {
    if (seen.insert(candidate.name()).second) builder.Add(candidate);
  }
  Load(std::move(builder));
}

void SearchIndex::Apply(const std::vector<v1::Candidate>& upserts,
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
  for (const v1::Candidate& candidate : upserts) {
    set(candidate.name().substr(candidate.name().rfind('/') + 1),
        index::ToRecord(candidate, *dictionaries));
  }
  delta->Reindex();

  std::shared_ptr<const Base> next_base = current->base;
  if (delta->changes.size() > std::max(min_compaction_changes_, base.records.size() / 20)) {
    next_base = index::Compact(base, *delta, *dictionaries);
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
  size_t bytes = base.records.capacity() * sizeof(CompactRecord) +
                 base.hot.capacity() * sizeof(HotFields) + base.names.capacity() +
                 base.skills.capacity() * sizeof(IndexedSkill) +
                 base.soft.capacity() * sizeof(uint32_t) + base.by_id.capacity() * sizeof(uint32_t);
  for (const auto& posting : base.postings) bytes += posting.capacity() * sizeof(Posting);
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

std::shared_ptr<const SearchIndex::WindowOverlaps> SearchIndex::GroupOverlaps(
    const SearchQuery& query, const State& state) const {
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
    if (it != overlap_cache_.end() && it->second->overlaps.size() >= groups.size()) {
      return it->second;
    }
  }
  auto overlaps = std::make_shared<WindowOverlaps>();
  for (const WeeklyHours& group : groups) {
    Overlap overlap = ComputeOverlap(client, group, query.reference_date, query.horizon_days);
    overlaps->sentences.push_back(DescribeOverlap(overlap, client, group));
    overlaps->min_hours.push_back(overlap.min_hours);
    // The factor depends on the window's length, part of the key, and the overlap alone.
    overlaps->points_tenths.push_back(
        static_cast<uint16_t>(std::llround(OverlapPoints(query, overlap) * 10)));
    overlaps->overlaps.push_back(std::move(overlap));
  }
  std::lock_guard lock(overlap_mutex_);
  if (overlap_cache_.size() >= kMaxCachedWindows) overlap_cache_.clear();
  overlap_cache_[key] = overlaps;
  return overlaps;
}

SearchResult SearchIndex::Search(const SearchQuery& query) const {
  // The snapshot this search reads from start to end, whatever writers publish meanwhile.
  const std::shared_ptr<const State> state = Current();
  const Dictionaries& dictionaries = *state->dictionaries;
  const Base& base = *state->base;
  const Delta& delta = *state->delta;
  SearchResult result;

  // Interned ids of what the query asks for; a required skill nobody has ends the search.
  ResolvedNeeds needs;
  const auto lookup = [](const std::unordered_map<std::string, uint32_t>& ids,
                         const std::string& name) {
    auto it = ids.find(name);
    return it == ids.end() ? -1 : static_cast<int>(it->second);
  };
  for (const SkillNeed& need : query.required) {
    needs.required.push_back(lookup(dictionaries.skill_ids, need.skill));
  }
  for (const SkillNeed& need : query.nice) {
    needs.nice.push_back(lookup(dictionaries.skill_ids, need.skill));
  }
  for (const std::string& soft : query.soft_skills) {
    needs.soft_skills.push_back(lookup(dictionaries.soft_ids, soft));
  }
  if (std::find(needs.required.begin(), needs.required.end(), -1) != needs.required.end()) {
    return result;
  }
  // US dollars per unit of each interned currency (negative: no exchange rate).
  std::vector<double> usd(dictionaries.currencies.size(), -1);
  for (size_t i = 0; i < dictionaries.currencies.size(); ++i) {
    if (auto it = query.usd_per_unit.find(dictionaries.currencies[i]);
        it != query.usd_per_unit.end()) {
      usd[i] = it->second;
    }
  }

  // Overlap per working-hours group, for this client window, date and horizon.
  const std::shared_ptr<const WindowOverlaps> overlaps = GroupOverlaps(query, *state);
  const auto overlap_of = [&](uint32_t group) -> const Overlap& {
    return overlaps->overlaps[group];
  };
  const auto group_passes = [&, min_hours = overlaps->min_hours.data()](uint32_t group) {
    return min_hours[group] + 1e-9 >= query.min_overlap_hours;
  };
  const RecordFilters filters(query);
  if (!filters.CanMatch()) return result;

  const size_t page_size = std::max<size_t>(query.page_size, 1);
  const size_t keep = page_size + 1;  // one more tells that another page follows
  TopPage page(keep, query.after);

  const bool has_record_filters = filters.any();
  const uint16_t* overlap_tenths = overlaps->points_tenths.data();

  // Scores a candidate who passed every hard filter and puts it on the page if it ranks there.
  const auto offer = [&](std::string_view id, std::string_view name, const CandidateView& view,
                         const Overlap& overlap, double skills_bound,
                         const CompactRecord* base_record, const IndexedCandidate* delta_record) {
    // A full page keeps only what beats its worst entry: skip the skill factors for a
    // candidate who cannot, whatever they hold. (Strictly below: a tie may still win by name.)
    if (page.full() &&
        ScoreUpperBound(view, query, overlap, skills_bound) + 1e-9 < page.worst_score()) {
      return;
    }
    const ScoreParts parts = Score(view, query, needs, overlap);
    // The parts are in tenths already; rounding their sum only removes floating-point dust,
    // so the score is exactly the sum of the factors shown and ties are real ties.
    const double score = std::round(parts.total() * 10) / 10;
    page.Offer(Ranked{score, name, id, base_record, delta_record, &overlap, parts});
  };
  // What the cheap factors read (no skills): enough for a score bound.
  const auto hot_view = [&](const HotFields& fields) {
    CandidateView view;
    view.seniority = fields.seniority;
    view.english = fields.english;
    view.available_day = fields.available_day;
    view.rate_usd = RateUsd(fields.rate_units(), usd[fields.currency]);
    return view;
  };
  const auto view_of_base = [&](uint32_t slot) {
    const CompactRecord& record = base.records[slot];
    CandidateView view = hot_view(base.hot[slot]);
    view.skills = base.skills.data() + record.skills_offset;
    view.skill_count = record.skill_count;
    view.soft_skills = base.soft.data() + record.soft_offset;
    view.soft_skill_count = record.soft_count;
    return view;
  };
  // Every hard filter, the skills included, for one candidate of either kind.
  const auto consider = [&](std::string_view id, std::string_view name, uint8_t state,
                            std::array<char, 2> country, uint8_t english, uint32_t kinds,
                            int32_t available_day, uint32_t hours_group, const CandidateView& view,
                            const CompactRecord* base_record,
                            const IndexedCandidate* delta_record) {
    if (!filters.Passes(id, state, country, english, kinds, available_day, view.rate_usd)) {
      return;
    }
    if (!group_passes(hours_group)) return;
    for (size_t i = 0; i < query.required.size(); ++i) {
      const IndexedSkill* has = FindSkill(view, needs.required[i]);
      if (has == nullptr || has->level < query.required[i].min_level ||
          has->years < query.required[i].min_years) {
        return;
      }
    }
    ++result.total_size;
    offer(id, name, view, overlap_of(hours_group), 35, base_record, delta_record);
  };
  const auto consider_base = [&](uint32_t slot) {
    if (delta.IsOverridden(slot)) return;
    const CompactRecord& record = base.records[slot];
    const HotFields& fields = base.hot[slot];
    consider(base.IdOf(record), base.NameOf(record), fields.state, fields.country, fields.english,
             record.kinds_mask, fields.available_day, record.hours_group, view_of_base(slot),
             &record, nullptr);
  };
  const auto consider_delta = [&](std::string_view id, const IndexedCandidate& record) {
    consider(id, record.display_name, record.state, record.country, record.english,
             record.kinds_mask, record.available_day, record.hours_group,
             ViewOf(record, usd[record.currency_id]), nullptr, &record);
  };

  if (query.only_id) {
    if (auto it = delta.changes.find(*query.only_id); it != delta.changes.end()) {
      if (it->second) consider_delta(it->first, *it->second);
    } else if (std::optional<uint32_t> slot = base.SlotOf(*query.only_id)) {
      consider_base(*slot);
    }
  } else {
    // The base in two steps. First the hits: the required skills' postings, intersected from
    // the rarest up with the level, years and working-hours group read from the postings
    // themselves (every record when no skill is required), then the record filters, reading
    // records only when the query has any. Each hit gets an upper bound on its score. A long
    // driving list is cut into parts, scanned on several cores at once.
    static const std::vector<Posting> kNone;
    std::vector<std::pair<const std::vector<Posting>*, const SkillNeed*>> lists;
    for (size_t i = 0; i < needs.required.size(); ++i) {
      const int skill = needs.required[i];
      lists.emplace_back(
          static_cast<size_t>(skill) < base.postings.size() ? &base.postings[skill] : &kNone,
          &query.required[i]);
    }
    std::sort(lists.begin(), lists.end(),
              [](const auto& a, const auto& b) { return a.first->size() < b.first->size(); });
    // The skills factor rounds to a tenth, and the margins were summed in float and in another
    // order than Score's: two tenths of slack keep the bound above the exact factor.
    const double skills_scale = lists.empty() ? 0 : 350.0 / static_cast<double>(lists.size());
    const auto skills_bound_tenths = [&](const BaseHit& hit) {
      return lists.empty() ? 350 : static_cast<int>(hit.margin * skills_scale) + 2;
    };
    const CheapFactorBound cheap_factors(query);
    // A hit's bound in tenths once its hot fields are read: the skills bound, the overlap and
    // cheap factors exactly, and the nice-to-have and soft-skill factors at their maximum.
    const auto hot_bound = [&](int skills_bound, uint32_t group, const CandidateView& view) {
      return skills_bound + overlap_tenths[group] + cheap_factors.Tenths(view) +
             static_cast<int>(kNiceAndSoftSkillPoints * 10);
    };
    const bool filters_read_record = filters.ReadsRecord();
    const std::optional<MarginTable> driving_margins =
        lists.empty() ? std::nullopt : std::optional<MarginTable>(MarginTable(*lists[0].second));

    const size_t driving_size = lists.empty() ? base.records.size() : lists[0].first->size();
    ScanPool& pool = ScanPool::Shared();
    const size_t part_count =
        driving_size >= parallel_scan_from_ && pool.workers() > 0 ? 2 * (pool.workers() + 1) : 1;
    ScratchLease lease;
    ScanParts& parts = lease.parts();
    parts.Resize(part_count);
    const auto scan_part = [&](size_t p) {
      std::vector<BaseHit>& hits = parts.hits[p];
      std::array<uint32_t, kMaxBound + 1>& histogram = parts.histograms[p];
      hits.clear();
      histogram.fill(0);
      const size_t begin = driving_size * p / part_count;
      const size_t end = driving_size * (p + 1) / part_count;
      if (lists.empty()) {
        for (size_t slot = begin; slot < end; ++slot) {
          hits.push_back({static_cast<uint32_t>(slot), kNoGroup, 0, 0});
        }
      } else {
        const SkillNeed& need = *lists[0].second;
        const std::vector<Posting>& rarest = *lists[0].first;
        for (size_t i = begin; i < end; ++i) {
          const Posting& posting = rarest[i];
          if (posting.level < need.min_level || posting.years < need.min_years) continue;
          if (posting.group != kNoGroup && !group_passes(posting.group)) continue;
          hits.push_back(
              {posting.slot, posting.group, 0, driving_margins->Of(posting.level, posting.years)});
        }
        for (size_t i = 1; i < lists.size() && !hits.empty(); ++i) {
          IntersectHits(hits, *lists[i].first, *lists[i].second);
        }
      }
      size_t kept = 0;
      for (size_t i = 0; i < hits.size(); ++i) {
        BaseHit hit = hits[i];
        if (delta.IsOverridden(hit.slot)) continue;
        const int skills_bound = skills_bound_tenths(hit);
        int bound;
        if (has_record_filters || hit.group == kNoGroup) {
          // Hot fields are read in slot order but far apart: ask for the next ones early.
          constexpr size_t kAhead = 16;
          if (i + kAhead < hits.size()) __builtin_prefetch(&base.hot[hits[i + kAhead].slot]);
          const HotFields& fields = base.hot[hit.slot];
          // The record itself only for what the hot fields lack: the id and kinds filters, and
          // a group the postings could not tell.
          uint32_t group = hit.group;
          uint32_t kinds = 0;
          std::string_view id;
          if (group == kNoGroup || filters_read_record) {
            const CompactRecord& record = base.records[hit.slot];
            group = record.hours_group;
            kinds = record.kinds_mask;
            id = base.IdOf(record);
          }
          const CandidateView view = hot_view(fields);
          if (!group_passes(group) ||
              !filters.Passes(id, fields.state, fields.country, fields.english, kinds,
                              fields.available_day, view.rate_usd)) {
            continue;
          }
          bound = hot_bound(skills_bound, group, view);
        } else {
          bound = skills_bound + overlap_tenths[hit.group] +
                  static_cast<int>(kPointsBeyondSkillsAndOverlap * 10);
        }
        hit.bound = static_cast<uint16_t>(std::clamp(bound, 0, kMaxBound));
        ++histogram[hit.bound];
        hits[kept++] = hit;
      }
      hits.resize(kept);
    };
    pool.Run(part_count, scan_part);
    std::array<uint32_t, kMaxBound + 1> histogram{};
    for (size_t p = 0; p < part_count; ++p) {
      result.total_size += static_cast<int>(parts.hits[p].size());
      for (int b = 0; b <= kMaxBound; ++b) histogram[b] += parts.histograms[p][b];
    }

    // Then the scores, highest bound first, until no hit left can beat the page's worst
    // entry: a few passes over the hits, each scoring those whose bound reaches `cutoff`.
    const auto worst_tenths = [&] { return page.WorstTenths(); };
    int cutoff = kMaxBound;
    for (size_t count = histogram[kMaxBound]; cutoff > 0 && count < keep;) {
      count += histogram[--cutoff];
    }
    std::vector<BaseHit>& picked = parts.picked;
    size_t scanned = 0;  // hits picked by the passes so far
    for (int upper = kMaxBound + 1, worst = worst_tenths();;) {
      picked.clear();
      for (size_t p = 0; p < part_count; ++p) {
        for (const BaseHit& hit : parts.hits[p]) {
          if (hit.bound >= cutoff && hit.bound < upper) picked.push_back(hit);
        }
      }
      for (size_t i = 0; i < picked.size(); ++i) {
        const BaseHit& hit = picked[i];
        if (hit.bound < worst) continue;
        constexpr size_t kAhead = 16;
        if (i + kAhead < picked.size()) __builtin_prefetch(&base.hot[picked[i + kAhead].slot]);
        // A bound from the postings alone is refined with the hot fields before the record
        // (two more cache misses) is read.
        if (!has_record_filters && hit.group != kNoGroup &&
            hot_bound(skills_bound_tenths(hit), hit.group, hot_view(base.hot[hit.slot])) < worst) {
          continue;
        }
        const CompactRecord& record = base.records[hit.slot];
        offer(base.IdOf(record), base.NameOf(record), view_of_base(hit.slot),
              overlap_of(record.hours_group), skills_bound_tenths(hit) / 10.0, &record, nullptr);
        worst = worst_tenths();
      }
      scanned += picked.size();
      int next = worst_tenths();
      if (!page.full()) {
        // Not full: the page's cursor left out the first hits. Take in as many again (at least
        // a page) rather than every hit, so that page n costs about log n passes.
        const size_t wanted = std::max(keep - page.size(), scanned);
        next = cutoff;
        for (size_t count = 0; next > 0 && count < wanted;) count += histogram[--next];
      }
      if (cutoff == 0 || next >= cutoff) break;
      upper = cutoff;
      cutoff = next;
    }
    // The delta, after the base so that its page is full and most delta records are left out
    // by their bound: its records that hold the required skill it has fewest of (all its
    // records when no skill is required), each checked in full.
    if (needs.required.empty()) {
      for (const auto& [id, record] : delta.records) consider_delta(id, *record);
    } else {
      static const std::vector<uint32_t> kNobody;
      const std::vector<uint32_t>* fewest = nullptr;
      for (const int skill : needs.required) {
        const std::vector<uint32_t>* holders =
            static_cast<size_t>(skill) < delta.by_skill.size() ? &delta.by_skill[skill] : &kNobody;
        if (fewest == nullptr || holders->size() < fewest->size()) fewest = holders;
      }
      for (const uint32_t i : *fewest) {
        consider_delta(delta.records[i].first, *delta.records[i].second);
      }
    }
  }
  std::vector<Ranked>& ranked = page.Sorted();
  if (ranked.size() > page_size) {
    ranked.resize(page_size);
    const Ranked& last = ranked.back();
    result.next = SearchCursor{last.score, std::string(last.display_name), std::string(last.id)};
  }
  // Explanations only for the page returned.
  for (const Ranked& entry : ranked) {
    const IndexedCandidate record =
        entry.delta_record != nullptr
            ? *entry.delta_record
            : base.Materialize(static_cast<uint32_t>(entry.base_record - base.records.data()),
                               dictionaries);
    v1::CandidateMatch& match = *result.matches.Add();
    *match.mutable_candidate() = Summary(record, dictionaries);
    match.set_score(entry.score);
    match.set_overlap_hours_min(entry.overlap->min_hours);
    match.set_overlap_hours_max(entry.overlap->max_hours);
    match.set_in_other_process(record.state == v1::Candidate::INTERVIEWING);
    std::vector<std::string> missing;
    const std::string& sentence = overlaps->sentences[record.hours_group];
    Explain(record, query, needs, sentence, entry.parts, *match.mutable_factors(), missing);
    for (std::string& skill : missing) match.add_missing_skills(std::move(skill));
  }
  return result;
}

}  // namespace meridian::talent

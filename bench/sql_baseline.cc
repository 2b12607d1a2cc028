#include "bench/sql_baseline.h"

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "meridian/common/v1/common.pb.h"
#include "pqxx/pqxx"
#include "services/talent/domain/overlap.h"

namespace meridian::bench {

const char kSameAnswerDesign[] =
    "bench.skill_postings: one row per (candidate, skill) with level, years and the fields the "
    "filters and score read (state, hours group, seniority, English, availability day, rate in "
    "US dollars, country, display name COLLATE \"C\", id uuid), one covering btree on (skill, "
    "level) INCLUDE (the rest) WHERE state IN (1, 2), so a query is an index-only scan of its "
    "rarest skill's postings; bench.window_overlap: per client window and hours group the "
    "minimum daily overlap in hours over the horizon, by the service's own rule. One prepared "
    "statement per class: the postings of the required skill(s) (two: a hash join on id), "
    "joined to window_overlap, the same hard filters, the engine's score computed in SQL "
    "factor by factor in the same float8 steps (each factor rounded to tenths), ORDER BY score "
    "DESC, display_name, id LIMIT 50. Selective on a connection with plan_cache_mode auto "
    "(generic plans), mid and unselective on one with force_custom_plan; parallel query "
    "allowed. Every page is checked against the engine's (see sql_baseline.agreement).";

namespace {

using nlohmann::json;

// The statements' shapes: one required skill (mid, unselective) or two (selective).
constexpr char kOneSkill[] = "same_answer_one_skill";
constexpr char kTwoSkills[] = "same_answer_two_skills";

std::string Float(double x) { return absl::StrFormat("%.17g", x); }

// std::clamp(x, 0, 1) and Tenths (std::round(x * 10) / 10) in float8. floor(y + 0.5) is
// std::round for the non-negative y every factor has (PostgreSQL's round(float8) rounds half
// to even, std::round half away from zero); y + 0.5 is exact for y >= 0.5.
std::string Clamp01(const std::string& x) {
  return absl::StrCat("GREATEST(float8 '0', LEAST(float8 '1', ", x, "))");
}
std::string Tenths(const std::string& x) {
  return absl::StrCat("(floor((", x, ") * float8 '10' + float8 '0.5') / float8 '10')");
}

// RequiredSkillMargin of a posting `p` for the need in parameters $level, $years.
std::string Margin(const std::string& p, int level, int years) {
  const std::string lvl = absl::StrCat("$", level, "::int");
  const std::string yrs = absl::StrCat("$", years, "::int");
  const std::string level_margin = absl::StrCat(
      "(CASE WHEN ", lvl, " >= 5 THEN float8 '1' ELSE ",
      Clamp01(absl::StrCat("(", p, ".level - ", lvl, ")::float8 / (5 - ", lvl, ")::float8")),
      " END)");
  const std::string years_margin =
      Clamp01(absl::StrCat("(", p, ".years - ", yrs, ")::float8 / float8 '5'"));
  return absl::StrCat("(float8 '0.7' + float8 '0.2' * ", level_margin, " + float8 '0.1' * ",
                      years_margin, ")");
}

// The statement for `skills` required skills (1 or 2). Parameters: per skill $skill, $level,
// $years; then the common ones below, numbered after them.
std::string SameAnswerSql(int skills) {
  const int base = 3 * skills;
  const auto param = [base](int i, const char* type) {
    return absl::StrCat("$", base + i, "::", type);
  };
  const std::string client = param(1, "int");
  const std::string window_hours = param(2, "float8");
  const std::string min_overlap = param(3, "float8");
  const std::string budget = param(4, "float8");  // 0: none
  const std::string budget_limit = param(5, "float8");
  const std::string tolerance = param(6, "float8");
  const std::string min_english = param(7, "int");
  const std::string available_by = param(8, "int");  // INT_MAX: none
  const std::string excluded = param(9, "text[]");
  const std::string reference_day = param(10, "int");
  const std::string seniority = param(11, "int");  // 0: any
  const std::string page = param(12, "int");

  // The factors, as ScoreCheapParts and Score compute them (services/talent/search/scoring.cc).
  std::string margins = Margin("a", 2, 3);
  if (skills == 2) margins = absl::StrCat("(", margins, " + ", Margin("b", 5, 6), ")");
  const std::string skills_points =
      Tenths(absl::StrCat("float8 '35' * ", margins, " / float8 '", skills, "'"));
  const std::string overlap_points =
      Tenths(absl::StrCat("float8 '15' * ", Clamp01(absl::StrCat("o.min_hours / ", window_hours))));
  const std::string under = absl::StrCat("((", budget, " - a.rate_usd) / ", budget, ")");
  const std::string rate_points = absl::StrCat(
      "(CASE WHEN ", budget, " > 0 THEN ",
      Tenths(absl::StrCat("CASE WHEN ", under, " >= 0 THEN float8 '10' * (float8 '0.6' + ",
                          Clamp01(absl::StrCat(under, " / float8 '0.4'")),
                          " * float8 '0.4') ELSE float8 '10' * float8 '0.3' * ",
                          Clamp01(absl::StrCat("float8 '1' + ", under,
                                               " / GREATEST(float8 '0.01', ", tolerance, ")")),
                          " END")),
      " ELSE float8 '10' END)");
  const std::string distance = absl::StrCat("abs(a.seniority - ", seniority, ")");
  const std::string seniority_points = absl::StrCat(
      "(CASE WHEN ", seniority, " = 0 THEN float8 '10' ELSE ",
      Tenths(absl::StrCat("CASE WHEN a.seniority = 0 THEN float8 '10' * float8 '0.3' WHEN ",
                          distance, " = 0 THEN float8 '10' WHEN ", distance,
                          " = 1 THEN float8 '10' * float8 '0.5' WHEN ", distance,
                          " = 2 THEN float8 '10' * float8 '0.2' ELSE float8 '0' END")),
      " END)");
  const std::string waits = absl::StrCat(
      "(CASE WHEN a.available_day = -2147483648 THEN 0 ELSE GREATEST(0, "
      "a.available_day - ",
      reference_day, ") END)");
  const std::string availability_points = Tenths(absl::StrCat(
      "float8 '5' * ", Clamp01(absl::StrCat("float8 '1' - ", waits, "::float8 / float8 '84'"))));
  const std::string english_points =
      Tenths(absl::StrCat("float8 '5' * ", Clamp01("a.english::float8 / float8 '6'")));
  // No nice-to-haves and no soft skills asked: their full 15 and 5, as the engine gives them.
  const std::string score = Tenths(absl::StrCat(
      skills_points, " + float8 '15' + ", overlap_points, " + ", rate_points, " + ",
      seniority_points, " + ", availability_points, " + ", english_points, " + float8 '5'"));

  std::string sql = absl::StrCat("SELECT a.id::text, a.display_name, ", score,
                                 " AS score FROM bench.skill_postings a ");
  if (skills == 2) {
    absl::StrAppend(&sql,
                    "JOIN bench.skill_postings b ON b.id = a.id AND b.skill = $4::int AND "
                    "b.level >= $5::int AND b.years >= $6::int AND b.state IN (1, 2) ");
  }
  absl::StrAppend(&sql, "JOIN bench.window_overlap o ON o.client = ", client,
                  " AND o.hours_group = a.hours_group "
                  "WHERE a.skill = $1::int AND a.level >= $2::int AND a.years >= $3::int "
                  "AND a.state IN (1, 2) AND o.min_hours + float8 '1e-9' >= ",
                  min_overlap, " AND (", budget,
                  " <= 0 OR (a.rate_usd >= 0 AND a.rate_usd <= ", budget_limit,
                  ")) AND a.english >= ", min_english,
                  " AND (a.available_day = -2147483648 OR a.available_day <= ", available_by,
                  ") AND a.country <> ALL (", excluded,
                  ") ORDER BY score DESC, a.display_name, a.id LIMIT ", page);
  return sql;
}

// The client's working hours in the mix: 09:00-17:00, Monday to Friday, in its zone.
double WindowHours(const BenchQuery& query) {
  common::v1::WorkingHours hours;
  hours.set_time_zone(kClientWindows[static_cast<size_t>(query.client)].zone);
  hours.set_start("09:00");
  hours.set_end("17:00");
  absl::StatusOr<talent::WeeklyHours> parsed = talent::WeeklyHours::From(hours);
  if (!parsed.ok()) throw std::runtime_error(std::string(parsed.status().message()));
  return parsed->length_minutes() / 60.0;
}

// A query as the statement's name and parameters (text; doubles with 17 digits, so that the
// server reads the very double the engine uses).
struct Bound {
  const char* statement;
  std::vector<std::string> params;
};

Bound Bind(const BenchQuery& query, int page_size = 50) {
  Bound bound{query.required.size() == 2 ? kTwoSkills : kOneSkill, {}};
  if (query.required.size() != 1 && query.required.size() != 2) {
    throw std::runtime_error("the same-answer baseline takes one or two required skills");
  }
  for (const BenchQuery::Need& need : query.required) {
    bound.params.push_back(absl::StrCat(need.skill));
    bound.params.push_back(absl::StrCat(need.min_level));
    bound.params.push_back("0");  // min_years: the mix asks none
  }
  const bool budget = query.budget_units.has_value();
  constexpr double kTolerance = 0;  // budget_tolerance_percent: the requests leave it 0
  const double limit = budget ? query.budget_usd * (1 + kTolerance) + 1e-9 : 0;
  std::vector<std::string> excluded;
  for (const std::string& country : query.excluded_countries) excluded.push_back(country);
  const int32_t reference = static_cast<int32_t>(ReferenceDay() - absl::CivilDay(1970, 1, 1));
  for (std::string value :
       {absl::StrCat(query.client), Float(WindowHours(query)), Float(query.min_overlap_hours),
        Float(budget ? query.budget_usd : 0), Float(limit), Float(kTolerance),
        absl::StrCat(query.min_english),
        absl::StrCat(query.available_by_day ? *query.available_by_day : INT32_MAX),
        absl::StrCat("{", absl::StrJoin(excluded, ","), "}"), absl::StrCat(reference),
        std::string("0"),  // seniority: any
        absl::StrCat(page_size)}) {
    bound.params.push_back(std::move(value));
  }
  return bound;
}

// Prepares both statements on `conn` and sets the session up as the phase runs it.
void SetUp(pqxx::connection& conn, bool custom_plans, int parallel_workers) {
  {
    pqxx::nontransaction tx(conn);
    tx.exec(absl::StrCat("SET max_parallel_workers_per_gather = ", parallel_workers));
    if (custom_plans) tx.exec("SET plan_cache_mode = force_custom_plan");
  }
  conn.prepare(kOneSkill, SameAnswerSql(1));
  conn.prepare(kTwoSkills, SameAnswerSql(2));
}

Page ReadPage(const pqxx::result& rows, double score_offset) {
  Page page;
  page.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    page.push_back(
        {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<double>() + score_offset});
  }
  return page;
}

class SameAnswerClient final : public PhaseClient {
 public:
  SameAnswerClient(const std::string& url, PageLog* log, int parallel_workers, double score_offset)
      : generic_(url), custom_(url), log_(log), score_offset_(score_offset) {
    SetUp(generic_, /*custom_plans=*/false, parallel_workers);
    SetUp(custom_, /*custom_plans=*/true, parallel_workers);
  }
  ~SameAnswerClient() override {
    Digest();
    log_->Merge(pages_);
  }

  void Prepare(const BenchQuery& query) override {
    Digest();
    query_ = query;
    bound_ = Bind(query);
  }

  int64_t Call() override {
    try {
      pqxx::connection& conn = query_.query_class == QueryClass::kSelective ? generic_ : custom_;
      pqxx::nontransaction tx(conn);
      result_ =
          tx.exec_prepared(bound_.statement, pqxx::prepare::make_dynamic_params(bound_.params));
      pending_ = true;
      return static_cast<int64_t>(result_.size());
    } catch (const std::exception& e) {
      error_ = absl::StrCat("same-answer SQL baseline: ", e.what());
      return -1;
    }
  }

 private:
  // The last call's page into the log (not timed: Prepare runs before the clock starts).
  void Digest() {
    if (!pending_) return;
    pending_ = false;
    PageLog::Record(pages_, query_, ReadPage(result_, score_offset_));
    result_ = pqxx::result();
  }

  pqxx::connection generic_;
  pqxx::connection custom_;
  PageLog* log_;
  const double score_offset_;
  PageLog::Map pages_;
  BenchQuery query_;
  Bound bound_;
  pqxx::result result_;
  bool pending_ = false;
};

json PageJson(const Page& page, size_t around) {
  json out = json::array();
  const size_t from = around > 2 ? around - 2 : 0;
  for (size_t i = from; i < page.size() && i < from + 5; ++i) {
    out.push_back({{"position", i},
                   {"name", absl::StrCat("candidates/", page[i].id)},
                   {"display_name", page[i].display_name},
                   {"score", page[i].score}});
  }
  return out;
}

}  // namespace

std::string QueryKey(const BenchQuery& query) {
  std::string key = absl::StrCat(kQueryClassNames[static_cast<size_t>(query.query_class)], " ",
                                 kClientWindows[static_cast<size_t>(query.client)].name);
  for (const BenchQuery::Need& need : query.required) {
    absl::StrAppend(&key, " skill ", need.skill, ">=", need.min_level);
  }
  absl::StrAppend(&key, " overlap>=", query.min_overlap_hours);
  if (query.budget_units) {
    absl::StrAppend(&key, " budget ", *query.budget_units, " ", query.budget_currency);
  }
  if (query.min_english > 0) absl::StrAppend(&key, " english>=", query.min_english);
  if (query.available_by_day) absl::StrAppend(&key, " available_by_day ", *query.available_by_day);
  for (const std::string& country : query.excluded_countries) {
    absl::StrAppend(&key, " not ", country);
  }
  return key;
}

void PageLog::Record(Map& map, const BenchQuery& query, Page page) {
  Entry& entry = map[QueryKey(query)];
  if (entry.variants.empty()) entry.query = query;
  for (Variant& variant : entry.variants) {
    if (variant.page == page) {
      ++variant.runs;
      return;
    }
  }
  entry.variants.push_back({std::move(page), 1});
}

void PageLog::Merge(const Map& map) {
  std::lock_guard lock(mutex_);
  for (const auto& [key, entry] : map) {
    Entry& mine = entries_[key];
    if (mine.variants.empty()) mine.query = entry.query;
    for (const Variant& variant : entry.variants) {
      bool found = false;
      for (Variant& have : mine.variants) {
        if (have.page == variant.page) {
          have.runs += variant.runs;
          found = true;
          break;
        }
      }
      if (!found) mine.variants.push_back(variant);
    }
  }
}

std::unique_ptr<PhaseClient> MakeSameAnswerClient(const std::string& database_url, PageLog* log,
                                                  int parallel_workers,
                                                  double score_offset_for_tests) {
  return std::make_unique<SameAnswerClient>(database_url, log, parallel_workers,
                                            score_offset_for_tests);
}

json SameAnswerPlans(const std::string& database_url, const SkillVocabulary& vocabulary,
                     uint64_t seed, int parallel_workers) {
  json plans = json::object();
  for (int c = 0; c < kQueryClasses; ++c) {
    QueryMix mix(vocabulary, seed, 0);
    BenchQuery query = mix.Next();
    for (int i = 0; i < 1000 && static_cast<int>(query.query_class) != c; ++i) query = mix.Next();
    const bool custom = query.query_class != QueryClass::kSelective;
    pqxx::connection conn(database_url);
    SetUp(conn, custom, parallel_workers);
    const Bound bound = Bind(query);
    pqxx::nontransaction tx(conn);
    for (int i = 0; i < 6; ++i) {
      tx.exec_prepared(bound.statement, pqxx::prepare::make_dynamic_params(bound.params));
    }
    std::vector<std::string> literals;
    for (const std::string& param : bound.params) literals.push_back(tx.quote(param));
    const json explained =
        json::parse(tx.exec1(absl::StrCat("EXPLAIN (FORMAT JSON) EXECUTE ", bound.statement, "(",
                                          absl::StrJoin(literals, ", "), ")"))[0]
                        .c_str());
    plans[kQueryClassNames[static_cast<size_t>(c)]] = {
        {"query", QueryKey(query)},
        {"statement", bound.statement},
        {"plan_cache_mode", custom ? "force_custom_plan" : "auto"},
        {"plan", PlanShape(explained.at(0).at("Plan"))}};
  }
  return plans;
}

EnginePages::EnginePages(const std::string& address, const SkillVocabulary& vocabulary)
    : stub_(talent::v1::TalentService::NewStub(BenchChannel(address))), vocabulary_(vocabulary) {}

const Page& EnginePages::Get(const BenchQuery& query) {
  const std::string key = QueryKey(query);
  if (auto it = pages_.find(key); it != pages_.end()) return it->second;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  talent::v1::SearchCandidatesResponse response;
  const grpc::Status status =
      stub_->SearchCandidates(&context, ToSearchRequest(query, vocabulary_), &response);
  ++calls_;
  if (!status.ok()) {
    throw std::runtime_error(absl::StrCat("SearchCandidates for the agreement check (", key,
                                          "): ", status.error_code(), " ", status.error_message()));
  }
  Page page;
  for (const talent::v1::CandidateMatch& match : response.matches()) {
    std::string id = match.candidate().name();
    if (id.rfind("candidates/", 0) == 0) id = id.substr(11);
    page.push_back({std::move(id), match.candidate().display_name(), match.score()});
  }
  return pages_.emplace(key, std::move(page)).first->second;
}

bool SamePage(const Page& engine, const Page& sql) {
  if (engine.size() != sql.size()) return false;
  for (size_t i = 0; i < engine.size(); ++i) {
    if (engine[i].id != sql[i].id || std::abs(engine[i].score - sql[i].score) > 0.01) return false;
  }
  return true;
}

json CheckAgreement(const PageLog& log, EnginePages& engine) {
  int64_t runs = 0;
  int64_t agreed = 0;
  int64_t nonempty = 0;
  json first = nullptr;
  for (const auto& [key, entry] : log.entries()) {
    const Page& expected = engine.Get(entry.query);
    bool any_rows = false;
    for (const PageLog::Variant& variant : entry.variants) {
      runs += variant.runs;
      any_rows = any_rows || !variant.page.empty();
      if (SamePage(expected, variant.page)) {
        agreed += variant.runs;
        continue;
      }
      if (!first.is_null()) continue;
      size_t at = 0;
      while (at < expected.size() && at < variant.page.size() &&
             expected[at].id == variant.page[at].id &&
             std::abs(expected[at].score - variant.page[at].score) <= 0.01) {
        ++at;
      }
      const Bound bound = Bind(entry.query);
      first = {{"query", key},
               {"class", kQueryClassNames[static_cast<size_t>(entry.query.query_class)]},
               {"statement", bound.statement},
               {"params", bound.params},
               {"runs", variant.runs},
               {"engine_matches", expected.size()},
               {"sql_rows", variant.page.size()},
               {"first_difference_at", at},
               {"engine", PageJson(expected, at)},
               {"sql", PageJson(variant.page, at)}};
    }
    if (any_rows) ++nonempty;
  }
  json out = {{"agreement", runs == 0 ? 0.0 : static_cast<double>(agreed) / runs},
              {"runs", runs},
              {"agreed_runs", agreed},
              {"distinct_queries", log.entries().size()},
              {"nonempty_distinct_queries", nonempty},
              {"engine_calls", engine.calls()}};
  if (!first.is_null()) out["first_disagreement"] = first;
  return out;
}

std::string PlanShape(const nlohmann::json& node) {
  std::string shape = node.value("Node Type", std::string("?"));
  if (node.contains("Scan Direction") && node["Scan Direction"] == "Backward") {
    shape += " Backward";
  }
  if (node.contains("Workers Planned")) {
    absl::StrAppend(&shape, " (", node["Workers Planned"].get<int>(), " workers)");
  }
  if (node.contains("Index Name")) {
    absl::StrAppend(&shape, " (", node["Index Name"].get<std::string>(), ")");
  }
  if (!node.contains("Plans") || node["Plans"].empty()) return shape;
  const nlohmann::json& children = node["Plans"];
  if (children.size() == 1) return absl::StrCat(shape, " > ", PlanShape(children[0]));
  std::vector<std::string> parts;
  for (const nlohmann::json& child : children) parts.push_back(PlanShape(child));
  return absl::StrCat(shape, " > [", absl::StrJoin(parts, "; "), "]");
}

}  // namespace meridian::bench

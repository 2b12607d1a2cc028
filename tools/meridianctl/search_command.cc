// meridianctl search: candidates for a role (or for criteria given as flags), best first, with
// their rates in US dollars and, with --explain, every factor of every score.
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace talent = meridian::talent::v1;
namespace common_v1 = meridian::common::v1;

namespace {

// The match's reasons a person reads first: the explanations of the factors that gave the
// most points, leaving out those that gave full points only because nothing was asked of them
// ("no nice-to-have skills were asked"): they say nothing about the person.
std::string TopReasons(const talent::CandidateMatch& match, std::size_t count) {
  std::vector<const talent::ScoreFactor*> factors;
  for (const auto& factor : match.factors()) {
    const std::string& why = factor.explanation();
    if (absl::StrContains(why, "was asked") || absl::StrContains(why, "were asked")) continue;
    factors.push_back(&factor);
  }
  std::stable_sort(factors.begin(), factors.end(),
                   [](const auto* a, const auto* b) { return a->points() > b->points(); });
  std::vector<std::string> reasons;
  for (std::size_t i = 0; i < factors.size() && i < count; ++i) {
    reasons.push_back(factors[i]->explanation());
  }
  return absl::StrJoin(reasons, "; ");
}

struct SearchOptions {
  std::string role;
  std::vector<std::string> skills;
  std::vector<std::string> nice;
  HoursOptions hours;
  double min_overlap = -1;
  std::string budget;
  std::string seniority;
  std::vector<std::string> kinds;
  std::vector<std::string> countries;
  std::vector<std::string> excluded_countries;
  std::string english;
  double tolerance = 0;
  int horizon_days = 0;
  int page_size = 20;
  std::string page_token;
  bool explain = false;
  std::string view;
};

absl::Status BuildSearch(const SearchOptions& options, talent::SearchCandidatesRequest& request) {
  request.set_budget_tolerance_percent(options.tolerance);
  request.set_horizon_days(options.horizon_days);
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  if (!options.view.empty()) {
    auto view = ParseEnum(*talent::CandidateMatchView_descriptor(), options.view, "--view");
    if (!view.ok()) return view.status();
    request.set_view(static_cast<talent::CandidateMatchView>(*view));
    if (request.view() == talent::BASIC && options.explain) {
      return absl::InvalidArgumentError("--explain needs --view full: basic has no reasons");
    }
  }
  if (!options.role.empty()) {
    request.set_role(options.role);
    return absl::OkStatus();
  }
  talent::SearchCriteria& criteria = *request.mutable_criteria();
  for (const auto& text : options.skills) {
    auto skill = ParseSkillRequirement(text);
    if (!skill.ok()) return skill.status();
    *criteria.add_required_skills() = *skill;
  }
  for (const auto& text : options.nice) {
    auto skill = ParseSkillRequirement(text);
    if (!skill.ok()) return skill.status();
    *criteria.add_nice_to_have_skills() = *skill;
  }
  auto hours = BuildHours(options.hours);
  if (!hours.ok()) return hours.status();
  if (hours->has_value()) *criteria.mutable_working_hours() = **hours;
  if (options.min_overlap >= 0) criteria.set_min_overlap_hours(options.min_overlap);
  if (!options.budget.empty()) {
    auto money = ParseMoney(options.budget, "--budget");
    if (!money.ok()) return money.status();
    *criteria.mutable_monthly_budget() = *money;
  }
  if (!options.seniority.empty()) {
    auto value = ParseEnum(*common_v1::Seniority_descriptor(), options.seniority, "--seniority");
    if (!value.ok()) return value.status();
    criteria.set_seniority(static_cast<common_v1::Seniority>(*value));
  }
  for (const auto& text : options.kinds) {
    auto kind = ParseEnum(*common_v1::RoleKind_descriptor(), text, "--kind");
    if (!kind.ok()) return kind.status();
    criteria.add_kinds(static_cast<common_v1::RoleKind>(*kind));
  }
  for (const auto& country : options.countries)
    criteria.add_countries(absl::AsciiStrToUpper(country));
  for (const auto& country : options.excluded_countries) {
    criteria.add_excluded_countries(absl::AsciiStrToUpper(country));
  }
  if (!options.english.empty()) {
    auto value = ParseEnum(*talent::EnglishLevel_descriptor(), options.english, "--min-english");
    if (!value.ok()) return value.status();
    criteria.set_min_english_level(static_cast<talent::EnglishLevel>(*value));
  }
  return absl::OkStatus();
}

// Under a page of matches (on stderr): how many meet the hard filters, what the * marks, and
// how to read on.
void PrintFooter(Session& session, const talent::SearchCandidatesResponse& response) {
  const bool elsewhere =
      std::any_of(response.matches().begin(), response.matches().end(),
                  [](const talent::CandidateMatch& match) { return match.in_other_process(); });
  std::fprintf(stderr, "%s\n",
               session.err()
                   .Dim(absl::StrCat(
                       response.total_size_estimated() ? "about " : "", response.total_size(),
                       response.total_size() == 1 ? " candidate meets" : " candidates meet",
                       " the hard filters", elsewhere ? "; * in another client's process" : ""))
                   .c_str());
  session.MorePages(response.next_page_token());
}

int RunSearch(Session& session, const SearchOptions& options) {
  talent::SearchCandidatesRequest request;
  if (absl::Status status = BuildSearch(options, request); !status.ok()) return StatusError(status);
  talent::SearchCandidatesResponse response;
  grpc::Status status =
      session.talent().SearchCandidates(session.Context().get(), request, &response);
  if (!status.ok()) return session.Fail(status);
  if (session.PrintForScripts(response)) return kExitOk;
  if (request.view() == talent::BASIC) {
    // The ranking alone: names, scores and overlap ranges.
    Table table({"SCORE", "CANDIDATE", "OVERLAP"});
    table.AlignRight(0);
    for (const auto& match : response.matches()) {
      table.AddRow(
          {absl::StrFormat("%.1f", match.score()),
           absl::StrCat(match.candidate().name(), match.in_other_process() ? " *" : ""),
           absl::StrFormat("%.1f-%.1fh", match.overlap_hours_min(), match.overlap_hours_max())});
    }
    session.PrintTable(table);
    PrintFooter(session, response);
    return kExitOk;
  }
  // Rates in US dollars too, at the rates search itself uses; without them, the currency only.
  std::map<std::string, double> usd_per_unit;
  {
    talent::ListExchangeRatesResponse rates;
    if (session.talent()
            .ListExchangeRates(session.Context().get(), talent::ListExchangeRatesRequest(), &rates)
            .ok()) {
      for (const auto& rate : rates.rates())
        usd_per_unit[rate.currency_code()] = rate.usd_per_unit();
    }
  }
  Table table({"SCORE", "CANDIDATE", "COUNTRY", "OVERLAP", "RATE", "USD", "TOP REASONS"});
  table.AlignRight(0);
  table.AlignRight(5);
  table.SetMaxWidth(1, 28);
  table.SetMaxWidth(6, 70);
  for (const auto& match : response.matches()) {
    const talent::Candidate& candidate = match.candidate();
    const common_v1::Money& rate = candidate.monthly_rate();
    std::string usd = "-";
    if (auto found = usd_per_unit.find(rate.currency_code()); found != usd_per_unit.end()) {
      usd = absl::StrFormat("%.0f", static_cast<double>(rate.units()) * found->second);
    }
    std::string name = candidate.display_name();
    if (match.in_other_process()) name = absl::StrCat(name, " *");
    table.AddRow(
        {absl::StrFormat("%.1f", match.score()), name, candidate.country(),
         absl::StrFormat("%.1f-%.1fh", match.overlap_hours_min(), match.overlap_hours_max()),
         MoneyText(rate), usd, TopReasons(match, 2)});
  }
  session.PrintTable(table);
  PrintFooter(session, response);
  if (options.explain) {
    for (const auto& match : response.matches()) {
      std::printf(
          "\n%s  %s (%s)  %.1f\n", session.out().Bold(match.candidate().display_name()).c_str(),
          match.candidate().name().c_str(), match.candidate().country().c_str(), match.score());
      Table factors({"FACTOR", "POINTS", "MAX", "WHY"});
      factors.AlignRight(1);
      factors.AlignRight(2);
      for (const auto& factor : match.factors()) {
        factors.AddRow({factor.factor(), absl::StrFormat("%.1f", factor.points()),
                        absl::StrFormat("%.0f", factor.max_points()), factor.explanation()});
      }
      std::fputs(factors.Render(false).c_str(), stdout);
      if (!match.missing_skills().empty()) {
        std::printf("missing nice-to-have: %s\n",
                    absl::StrJoin(match.missing_skills(), ", ").c_str());
      }
    }
  }
  return kExitOk;
}

}  // namespace

void Cli::AddSearch() {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* search =
      Leaf(app_.get(), "search", "candidates for a role (or for criteria given here), best first",
           [options](Session& session) { return RunSearch(session, *options); });
  search->add_option("role", options->role, "clients/ID/roles/ID; without it, the criteria below");
  search->add_option("--skill", options->skills, "required SKILL[:MIN_LEVEL[:MIN_YEARS]] (repeat)");
  search->add_option("--nice", options->nice, "nice-to-have skill, same form (repeat)");
  AddHours(search, options->hours, "the client's");
  search->add_option("--min-overlap", options->min_overlap,
                     "minimum daily overlap, hours (default 4)");
  search->add_option("--budget", options->budget,
                     "most the client pays a month, e.g. \"9000 USD\"");
  search->add_option("--seniority", options->seniority, "scored: JUNIOR ... PRINCIPAL");
  search->add_option("--kind", options->kinds, "a role kind the candidate must fit (repeat)");
  search->add_option("--country", options->countries, "only these countries (repeat)");
  search->add_option("--exclude-country", options->excluded_countries, "not these (repeat)");
  search->add_option("--min-english", options->english, "CEFR level at least, e.g. B2");
  search->add_option("--budget-tolerance", options->tolerance, "percent above the budget allowed");
  search->add_option("--horizon-days", options->horizon_days, "days of the overlap horizon");
  search->add_option("--limit,--page-size", options->page_size, "matches to show (default 20)");
  search->add_option("--page-token", options->page_token, "the page to read");
  search->add_flag("--explain", options->explain, "every factor of every score, with its reason");
  search->add_option("--view", options->view,
                     "full (the default: summary and reasons) or basic (names, scores and "
                     "overlap ranges only: a smaller, faster page)");
}

}  // namespace meridian::ctl

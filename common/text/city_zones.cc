#include "common/text/city_zones.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace meridian::text {
namespace {

// `name` in lower case with the Latin letters people also write without their marks folded to
// ASCII ("São Paulo" and "Sao Paulo", "Kraków" and "Krakow"): the data set spells some cities
// one way, CVs the other.
std::string Folded(absl::string_view name) {
  static const auto* letters = new std::vector<std::pair<absl::string_view, char>>{
      {"á", 'a'}, {"à", 'a'}, {"â", 'a'}, {"ã", 'a'}, {"ä", 'a'}, {"å", 'a'}, {"ą", 'a'},
      {"ă", 'a'}, {"ç", 'c'}, {"ć", 'c'}, {"č", 'c'}, {"đ", 'd'}, {"ď", 'd'}, {"é", 'e'},
      {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"ę", 'e'}, {"ě", 'e'}, {"ğ", 'g'}, {"í", 'i'},
      {"ì", 'i'}, {"î", 'i'}, {"ï", 'i'}, {"ı", 'i'}, {"ł", 'l'}, {"ñ", 'n'}, {"ń", 'n'},
      {"ň", 'n'}, {"ó", 'o'}, {"ò", 'o'}, {"ô", 'o'}, {"õ", 'o'}, {"ö", 'o'}, {"ő", 'o'},
      {"ø", 'o'}, {"ř", 'r'}, {"ś", 's'}, {"š", 's'}, {"ş", 's'}, {"ș", 's'}, {"ț", 't'},
      {"ţ", 't'}, {"ť", 't'}, {"ú", 'u'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"ű", 'u'},
      {"ů", 'u'}, {"ý", 'y'}, {"ź", 'z'}, {"ż", 'z'}, {"ž", 'z'}, {"Á", 'a'}, {"É", 'e'},
      {"Í", 'i'}, {"Ó", 'o'}, {"Ú", 'u'}, {"Ç", 'c'}, {"Ł", 'l'}, {"Ś", 's'}, {"Š", 's'},
      {"Ž", 'z'}, {"Č", 'c'}, {"Ö", 'o'}, {"Ü", 'u'}, {"Ø", 'o'}, {"Ż", 'z'}};
  std::string out;
  out.reserve(name.size());
  size_t i = 0;
  while (i < name.size()) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x80) {
      out.push_back(absl::ascii_tolower(byte));
      ++i;
      continue;
    }
    bool folded = false;
    for (const auto& [letter, ascii] : *letters) {
      if (name.substr(i, letter.size()) == letter) {
        out.push_back(ascii);
        i += letter.size();
        folded = true;
        break;
      }
    }
    if (!folded) out.push_back(name[i++]);
  }
  return out;
}

struct Index {
  // Lower-cased name (both spellings) -> rows, the most populous first.
  std::unordered_map<std::string, std::vector<size_t>> by_name;
  // Lower-cased country name -> code.
  std::unordered_map<std::string, std::string> countries;
  // Code -> zones, the most populous city's first.
  std::unordered_map<std::string, std::vector<std::string>> zones;
  size_t longest_words = 1;
};

const Index& TheIndex() {
  static const Index* index = [] {
    auto* built = new Index;
    std::vector<size_t> order(internal::kCityRowCount);
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [](size_t a, size_t b) {
      return internal::kCityRows[a].population > internal::kCityRows[b].population;
    });
    for (const size_t i : order) {
      const internal::CityRow& row = internal::kCityRows[i];
      // Under its spelling folded, and its ASCII spelling folded when that differs.
      const std::string name = Folded(row.name);
      const std::string ascii = Folded(row.ascii_name);
      built->by_name[name].push_back(i);
      if (ascii != name) built->by_name[ascii].push_back(i);
      for (const std::string& n : {name, ascii}) {
        const size_t words = std::count(n.begin(), n.end(), ' ') + 1;
        built->longest_words = std::max(built->longest_words, words);
      }
      built->countries.emplace(Folded(row.country), row.country_code);
      std::vector<std::string>& zones = built->zones[row.country_code];
      if (std::find(zones.begin(), zones.end(), row.zone) == zones.end()) {
        zones.emplace_back(row.zone);
      }
    }
    // Cities the data set knows by another name ("Bengaluru", "Kyiv"): written by hand.
    for (const auto& [other, name] :
         std::vector<std::pair<std::string, std::string>>{{"bangalore", "bengaluru"},
                                                          {"kiev", "kyiv"},
                                                          {"bombay", "mumbai"},
                                                          {"calcutta", "kolkata"},
                                                          {"madras", "chennai"},
                                                          {"saigon", "ho chi minh city"},
                                                          {"hcmc", "ho chi minh city"},
                                                          {"lisboa", "lisbon"},
                                                          {"warszawa", "warsaw"},
                                                          {"praha", "prague"},
                                                          {"wien", "vienna"},
                                                          {"milano", "milan"},
                                                          {"roma", "rome"},
                                                          {"bucuresti", "bucharest"},
                                                          {"beograd", "belgrade"},
                                                          {"nyc", "new york"},
                                                          {"new york city", "new york"}}) {
      const auto it = built->by_name.find(name);
      if (it != built->by_name.end() && built->by_name.count(other) == 0) {
        built->by_name[other] = it->second;
      }
    }
    // What people write that the data set names otherwise (it says "United States of America",
    // "United Kingdom", "Czech Republic").
    for (const auto& [alias, code] :
         std::vector<std::pair<std::string, std::string>>{{"usa", "US"},
                                                          {"us", "US"},
                                                          {"u.s.", "US"},
                                                          {"united states", "US"},
                                                          {"the united states", "US"},
                                                          {"america", "US"},
                                                          {"uk", "GB"},
                                                          {"u.k.", "GB"},
                                                          {"great britain", "GB"},
                                                          {"britain", "GB"},
                                                          {"england", "GB"},
                                                          {"scotland", "GB"},
                                                          {"wales", "GB"},
                                                          {"the uk", "GB"},
                                                          {"the netherlands", "NL"},
                                                          {"holland", "NL"},
                                                          {"czechia", "CZ"},
                                                          {"uae", "AE"},
                                                          {"russia", "RU"},
                                                          {"south korea", "KR"},
                                                          {"korea", "KR"},
                                                          {"vietnam", "VN"},
                                                          {"the philippines", "PH"},
                                                          {"ivory coast", "CI"},
                                                          {"bosnia", "BA"},
                                                          {"macedonia", "MK"},
                                                          {"north macedonia", "MK"},
                                                          {"moldova", "MD"},
                                                          {"turkey", "TR"},
                                                          {"turkiye", "TR"}}) {
      built->countries.emplace(alias, code);
    }
    return built;
  }();
  return *index;
}

}  // namespace

std::vector<CityZone> CitiesNamed(absl::string_view name) {
  const Index& index = TheIndex();
  const auto it = index.by_name.find(Folded(name));
  std::vector<CityZone> cities;
  if (it == index.by_name.end()) return cities;
  for (const size_t i : it->second) {
    const internal::CityRow& row = internal::kCityRows[i];
    cities.push_back({row.name, row.country_code, row.country, row.zone, row.population});
  }
  return cities;
}

size_t LongestCityNameWords() { return TheIndex().longest_words; }

std::optional<std::string> CountryCodeNamed(absl::string_view name) {
  const Index& index = TheIndex();
  const auto it = index.countries.find(Folded(name));
  if (it == index.countries.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ZonesOfCountry(absl::string_view country_code) {
  const Index& index = TheIndex();
  const auto it = index.zones.find(std::string(country_code));
  return it == index.zones.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace meridian::text

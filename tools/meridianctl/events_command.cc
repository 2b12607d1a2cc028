// meridianctl events: the event feed, followed as it happens (one JSON line an event for
// scripts) or read a page at a time.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/output.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"
#include "tools/meridianctl/table.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace events = meridian::events::v1;

void Cli::AddEvents() {
  CLI::App* group = Group("events", "the event feed: follow it, or list a page");
  {
    struct Options {
      std::int64_t after = 0;
      std::string filter;
      int limit = 0;
    };
    auto options = std::make_shared<Options>();
    CLI::App* follow = Leaf(
        group, "follow", "print events as they happen, until Ctrl-C", [options](Session& session) {
          events::StreamEventsRequest request;
          request.set_after_position(options->after);
          request.set_filter(options->filter);
          auto context = session.Context(/*deadline=*/false);
          auto reader = session.events().StreamEvents(context.get(), request);
          events::Event event;
          int seen = 0;
          while (reader->Read(&event)) {
            if (session.format() == OutputFormat::kJson) {
              // One line per event (JSON lines), so that a script can read the stream as it comes.
              std::string json;
              pb::util::JsonPrintOptions print;
              print.preserve_proto_field_names = true;
              (void)pb::util::MessageToJsonString(event, &json, print);
              std::printf("%s\n", json.c_str());
            } else if (session.format() == OutputFormat::kYaml) {
              std::printf("---\n%s", MessageToYaml(event).c_str());
            } else {
              std::printf("%s  %6lld  %-26s %s\n", session.Time(event.time()).c_str(),
                          static_cast<long long>(event.position()), event.type().c_str(),
                          event.resource().c_str());
            }
            std::fflush(stdout);
            if (options->limit > 0 && ++seen >= options->limit) {
              context->TryCancel();
              break;
            }
          }
          grpc::Status status = reader->Finish();
          if (!status.ok() && !(options->limit > 0 && seen >= options->limit))
            return session.Fail(status);
          return kExitOk;
        });
    follow->add_option("--after", options->after,
                       "start after this position (default 0: from the oldest event kept)");
    follow->add_option("--filter", options->filter, "e.g. \"type = submission.advanced\"");
    follow->add_option("--limit", options->limit, "stop after this many events");
  }
  {
    auto filter = std::make_shared<std::string>();
    auto paging = std::make_shared<Paging>();
    CLI::App* list = Leaf(
        group, "list", "a page of past events, oldest first", [filter, paging](Session& session) {
          events::ListEventsRequest request;
          request.set_filter(*filter);
          request.set_page_size(paging->page_size);
          request.set_page_token(paging->page_token);
          events::ListEventsResponse response;
          grpc::Status status =
              session.events().ListEvents(session.Context().get(), request, &response);
          if (!status.ok()) return session.Fail(status);
          if (session.PrintForScripts(response)) return kExitOk;
          Table table({"POSITION", "TIME", "TYPE", "RESOURCE"});
          table.AlignRight(0);
          for (const auto& event : response.events()) {
            table.AddRow({absl::StrCat(event.position()), session.Time(event.time()), event.type(),
                          event.resource()});
          }
          session.PrintTable(table);
          session.MorePages(response.next_page_token());
          return kExitOk;
        });
    list->add_option("--filter", *filter, "e.g. \"type = submission.advanced\"");
    AddPaging(list, *paging);
  }
}

}  // namespace meridian::ctl

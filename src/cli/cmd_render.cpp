// dsocore render --data DIR --as-of DATE --customer [ENTITY:]ID --step STEP [--scenario ID]
#include <ostream>

#include "cli.hpp"
#include "dsocore/collection/actions.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/core/error.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    const Date as_of = args.date("as-of");
    const auto [entity, id] = split_customer_key(args.require("customer"));
    const std::string step = args.require("step");
    const std::string scenario = args.get("scenario").value_or("");
    const Ledger ledger = load_data(args, /*templates=*/true);
    args.finish();
    const std::uint32_t c = resolve_customer(ledger, entity, id);
    // The row of that payer and step, whatever its date (a message can be prepared early).
    AgendaOptions opt;
    opt.horizon_days = 36600;
    const Agenda ag = compute_agenda(ledger, as_of, opt);
    std::size_t found = ag.rows.size();
    std::string pending;
    for (std::size_t r = 0; r < ag.rows.size(); ++r) {
        if (ag.rows[r].payer != c) continue;
        const Scenario& s = ledger.scenarios().list[ag.rows[r].scenario];
        const std::string& sid = s.steps[ag.rows[r].step].id;
        pending += (pending.empty() ? "" : ", ") + sid + " (" + s.id + ")";
        if (sid != step || (!scenario.empty() && s.id != scenario)) continue;
        if (found != ag.rows.size()) throw UsageError("step " + step + " is pending in several scenarios: add --scenario");
        found = r;
    }
    if (found == ag.rows.size())
        throw Error(Errc::not_found, "no agenda row for " + std::string(ledger.str(ledger.customers().entity[c])) + ":" +
                                         id + " step " + step + " at " + as_of.to_string() +
                                         (pending.empty() ? " (nothing is pending)" : "; pending: " + pending));
    const RenderedMessage m = render_message(ledger, ag, found);
    out << "template: " << m.template_path << '\n'
        << "language: " << m.language << (m.language != m.locale ? " (customer: " + m.locale + ")" : "") << '\n'
        << "channel: " << to_string(m.channel) << '\n'
        << "to: " << m.to << '\n';
    if (m.sms)
        out << "sms: " << to_string(m.sms->encoding) << ", " << m.sms->characters << " characters, " << m.sms->units
            << (m.sms->encoding == SmsEncoding::gsm7 ? " septets" : " UTF-16 units") << ", " << m.sms->segments
            << " segment" << (m.sms->segments == 1 ? "" : "s") << '\n';
    if (!m.subject.empty()) out << "subject: " << m.subject << '\n';
    out << '\n' << m.body;
    if (!m.body.empty() && m.body.back() != '\n') out << '\n';
    return 0;
}
const Registrar reg({"render", "render --data DIR --as-of DATE --customer [ENTITY:]ID --step STEP [--scenario ID]", &run, {}});
} // namespace
} // namespace dsocore::cli

// The template renderer: arbitrary template text (first byte picks the channel)
// rendered for an agenda row of a small ledger. A dsocore::Error or a message, and
// an SMS always gets its segment count.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 at -O3 reports a false -Wmaybe-uninitialized inside std::string assignment
// of the Template fields below (the same family as GCC bug 105329).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/render.hpp"
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(render) {
    struct Fixture {
        dsocore::Ledger ledger;
        dsocore::Agenda agenda;
    };
    static const Fixture* fx = [] {
        auto src = fuzz::companions("items.csv");
        src["customers.csv"] = "entity,customer_id,name,currency,language,email,phone,address\n"
                               "FR01,C1,Alpha,EUR,fr,a@example.com,+33600000000,1 rue A\n"
                               "FR01,C2,Beta,USD,pt-BR,b@example.com,+351900000000,2 rua B\n"
                               ",C3,Gamma,,en,c@example.com,+44700000000,3 Road C\n";
        dsocore::Ledger L = dsocore::Ledger::load_sources(src, fuzz::fuzz_options(true));
        dsocore::Agenda a = dsocore::compute_agenda(L, dsocore::Date::from_ymd(2026, 6, 30));
        return new Fixture{std::move(L), std::move(a)};
    }();
    if (size < 1 || fx->agenda.rows.empty()) return;
    const dsocore::Channel channel = data[0] % 3 == 0 ? dsocore::Channel::email
                                   : data[0] % 3 == 1 ? dsocore::Channel::sms
                                                      : dsocore::Channel::letter;
    dsocore::Template t;
    t.name = "fuzz";
    t.language = "en";
    t.path = "templates/fuzz.en.txt";
    const std::string_view text = fuzz::as_text(data + 1, size - 1);
    const auto nl = text.find('\n');
    t.subject = std::string(text.substr(0, nl));
    t.body = nl == std::string_view::npos ? std::string() : std::string(text.substr(nl + 1));
    for (std::size_t row = 0; row < fx->agenda.rows.size() && row < 3; ++row)
        fuzz::expect_error_or_value([&] {
            const auto m = dsocore::render_template(fx->ledger, t, channel, fx->agenda, row);
            if (channel == dsocore::Channel::sms) FUZZ_CHECK(m.sms.has_value(), "an SMS without its segment count");
        });
}

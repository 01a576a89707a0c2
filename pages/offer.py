"""Package pricing: one named package priced above the walk-away rate, in three tiers."""

import streamlit as st

from gigcore.casestudy import escape_inline
from gigcore.offer import TIER_IDS, OfferInputs, price_offer, rounds
from ui import prefill
from ui.nav import link
from ui.session import guard, save
from ui.text import md

st.title("Package pricing")
st.write(
    "Turn a task you do again and again into one named package with a clear price, clear "
    "deliverables and a revision limit. The price is your walk-away rate for the hours it takes, "
    "plus the platform's fee, rounded up to a clean price point, so it always nets you more "
    "than your minimum."
)
start = prefill.rates()

name = st.text_input("Package name", "Book cover, print and ebook", max_chars=80, key="offer_name")
deliverables = st.text_area(
    "Deliverables, one a line",
    "Front cover\nPrint wrap with spine\nEbook cover",
    max_chars=1000,
    key="offer_deliverables",
    help="What the client gets. The basic tier keeps the first ones on the list.",
)
a, b = st.columns(2)
hours = a.number_input(
    "Hours one package takes",
    value=6.0,
    step=0.5,
    key="offer_hours",
    help="All of it: talking to the client, the work, the revisions.",
)
revisions = b.number_input("Revision rounds included", value=2, step=1, key="offer_revisions")
walk_away = a.number_input(
    "Your walk-away rate after fees ($/h)",
    value=float(start["walk_away"]),
    step=1.0,
    key="offer_walk_away",
    help="The least an hour must leave you after the platform's fee.",
)
fee = b.slider("Platform fee", 0, 50, round(100 * start["fee"]), format="%d%%", key="offer_fee")
target = st.number_input(
    "Monthly target after fees ($, 0 to skip)", value=0.0, step=250.0, key="offer_target"
)
st.caption(md(f"Walk-away rate and fee prefilled from {start['source']}."))

inputs = OfferInputs(
    name, deliverables.splitlines(), hours, revisions, walk_away, fee / 100, target or None
)
o = guard(price_offer, inputs)
if o is None:
    st.stop()

st.subheader(escape_inline(o.name))
c1, c2, c3 = st.columns(3)
c1.metric("Package price", f"${o.price:,.0f}")
c2.metric("You keep after the fee", f"${o.net_price:,.2f}")
c3.metric("Per hour after the fee", f"${o.effective_hourly_rate:,.2f}/h")
st.caption(
    md(
        f"Floor: ${o.walk_away_rate:,.2f}/h x {o.hours:g} h / (1 - {o.platform_fee:.0%}) = "
        f"${o.floor:,.2f}, rounded up to the next clean price point: ${o.price:,.0f}."
    )
)

st.subheader("Three tiers")
st.caption(
    "Basic is a lighter cut, premium adds revision rounds and priority delivery. Each tier is "
    "priced from its own hours, so none pays below your walk-away rate."
)
for col, tid in zip(st.columns(3), TIER_IDS, strict=True):
    t = o.tiers[tid]
    with col.container(border=True):
        st.markdown(f"**{t.label}**")
        st.metric(f"{t.label} price", f"${t.price:,.0f}", label_visibility="collapsed")
        st.markdown("\n".join(f"- {escape_inline(d)}" for d in t.deliverables))
        st.caption(
            md(f"{rounds(t.revisions)}; about {t.hours:g} h; ${t.effective_hourly_rate:,.2f}/h")
        )

if o.packages_per_month is not None:
    st.subheader("Packages a month")
    text = (
        f"To keep ${o.monthly_target:,.0f} a month after fees, sell {o.packages_per_month} "
        f"standard packages a month ({o.hours_per_month:g} h of work)."
    )
    if o.over_capacity:
        st.warning(
            md(
                f"{text} That is more than the {o.capacity_hours_per_month:.0f} billable hours "
                "a month freelancers typically manage (1,400 a year): raise the price, cut "
                "the hours a package takes, or lower the target."
            )
        )
    else:
        st.info(md(text))

if st.button("Save this package to my history", type="primary", key="save_offer"):
    save("offer", inputs.as_dict(), o.record())
link("pages/rates.py", "Rate calculator: your walk-away rate", ":material/calculate:")
link("pages/sprint.py", "Outreach sprint: sell the package", ":material/campaign:")

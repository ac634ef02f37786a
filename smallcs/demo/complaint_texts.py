"""What demo customers complain about: products and scenarios per category."""

from __future__ import annotations

import dataclasses

from smallcs.seeds import source_name

# name, price in pence/cents (the shop's currency)
PRODUCTS: tuple[tuple[str, int], ...] = (
    ("18V cordless drill", 8999), ("set of three non-stick pans", 4999),
    ("garden hose reel", 3499), ("LED floodlight", 2999), ("4-way extension lead", 1299),
    ("paint roller kit", 1499), ("5 L tin of white emulsion", 2799), ("aluminium step ladder", 5999),
    ("compound mitre saw", 14999), ("cordless hedge trimmer", 7999), ("pressure washer", 12999),
    ("front door lock set", 3999), ("smoke alarm", 1999), ("thermostatic shower head", 2499),
    ("manual tile cutter", 4499), ("steel toolbox", 2999), ("oil-filled radiator", 4999),
    ("wheelbarrow", 6999), ("stainless steel kettle", 2499), ("bathroom mixer tap", 5499),
    ("folding garden chair", 3999), ("robot lawn mower", 39999), ("cordless vacuum cleaner", 15999),
    ("laminate flooring pack", 2299), ("wall-mounted coat rack", 1899), ("solar fence lights (4 pack)", 2499),
)

COURIERS = ("ParcelGo", "Swift Freight", "our own van", "HomeDrop Couriers", "the supplier's courier")

DELIVERY_FEES = (495, 695, 995)
GOODWILL = (500, 500, 1000, 1000, 1500, 2000, 2500)


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One kind of complaint: the clerk's summary and notes, what the customer wants,
    and what looking into it turned up.

    ``money`` says what a refund would be: the product's ``price``, a billing
    ``amount``, the delivery ``fee`` or a ``goodwill`` gesture.
    """

    summary: str
    description: str
    desired: str
    money: str
    findings: tuple[str, ...]

    @property
    def has_order(self) -> bool:
        """True when the texts quote an order reference."""
        return "{order}" in self.summary + self.description + self.desired


def _s(summary: str, description: str, desired: str, money: str, *findings: str) -> Scenario:
    return Scenario(summary, description, desired, money, findings)


SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "delivery": (
        _s("Order {order} not delivered on the promised day",
           "Ordered a {product} online and was told it would arrive within 3 working days. It is now"
           " {days} days late and the tracking page has not changed since it left the warehouse.",
           "Wants the {product} delivered this week or the delivery charge refunded.", "fee",
           "Checked with {courier}: parcel held at their depot after a failed scan. Rebooked for tomorrow.",
           "{order} was never handed to the courier: picking error in the warehouse. Going out today."),
        _s("{Product} still not delivered, no update from the courier",
           "Paid for next-day delivery on {order}. {Courier} has shown 'out for delivery' for {days} days."
           " Customer took a day off work to wait in.",
           "Refund of the next-day delivery charge and a firm date.", "fee",
           "{Courier} admits the parcel was loaded on the wrong van twice. Promised for tomorrow before noon.",
           "Rang {courier}: parcel damaged in transit and sent back to us. Sending a new one."),
        _s("Delivery slot missed: customer waited in all day",
           "Booked the Saturday morning slot for the {product} ({order}). Nobody came and nobody rang.",
           "A new slot, with a phone call half an hour before.", "goodwill",
           "Van broke down on Saturday; the office was meant to ring everyone on the round and missed this one.",
           "Slot was booked on the website but never reached the delivery planner."),
        _s("Parcel marked as delivered but never received",
           "Tracking for {order} says delivered at 14:12 and left 'in a safe place', but there is nothing"
           " at the address. Neighbours have not seen it either.",
           "The {product} sent again, or a full refund.", "price",
           "{Courier}'s photo shows a different front door. Driver delivered to the wrong house number.",
           "Asked {courier} for the GPS log: the driver was two streets away at 14:12. Claim opened."),
        _s("Click & collect order not ready at the time given",
           "Text message said {order} was ready to collect. It had not been picked; customer waited"
           " {minutes} minutes while we looked for it.",
           "Orders ready when the text says they are.", "goodwill",
           "The text goes out automatically when the order is paid, not when it is picked. Raised with head office.",
           "Order was picked but put on the wrong shelf in the back. Collection shelves relabelled."),
        _s("Part of order {order} missing from the delivery",
           "The {product} arrived but the fixings ordered with it did not. No note in the box to say they"
           " would follow.", "The missing items by Friday.", "fee",
           "Fixings were out of stock when it was packed; the packing note should have said so.",
           "Second box is still at {courier}'s depot. Asked them to deliver it tomorrow."),
        _s("Special order delayed for the second time",
           "The {product} was ordered in specially ({order}). First promised for last week; now the"
           " supplier says another {days} days.", "A definite date, or cancel and refund the deposit.", "price",
           "Supplier is short of stock until the next container arrives. Chased them for a firm date.",
           "Found a {product} at our other supplier that can be here on Thursday."),
        _s("Bulky delivery left outside instead of brought in",
           "Delivery of the {product} ({order}) included carrying it inside. {Courier} left it on the"
           " pavement in the rain.", "An apology and someone to bring it in.", "fee",
           "Driver was on his own that day; a two-person delivery should have been booked.",
           "{Courier} says the driver knocked and nobody answered. Customer says they were in."),
    ),
    "defect": (
        _s("{Product} stopped working after {days} days",
           "Bought the {product} ({price}) last {weekday}. Worked at first; now it will not switch on."
           " Customer has the receipt and the box.", "Replacement or a full refund.", "price",
           "Tested the {product} in store: confirmed, it does not power on. Batch number noted for the supplier.",
           "Tried another charger and socket: still dead. Faulty unit, labelled for return to the supplier."),
        _s("{Product} arrived damaged",
           "Box looked fine but the {product} inside is cracked along one side. Noticed when unpacking at"
           " home.", "A new one, not a repair.", "price",
           "Checked the {product}: hairline crack in the housing, looks like it left the factory like that.",
           "Two more from the same delivery had dented corners. Supplier told."),
        _s("Parts missing from the {product} box",
           "Instructions list 12 screws and two brackets; only half the screws were in the bag. Cannot"
           " finish putting the {product} together.", "The missing parts as soon as possible.", "goodwill",
           "Opened another box from stock: that one is complete. Took the fixings from our display model.",
           "Supplier confirms a packing fault on this batch and is sending spare fixing kits."),
        _s("{Product} not as described on the shelf label",
           "Label says suitable for outdoor use; the manual inside the {product} says indoor use only.",
           "Exchange for one that can go outside, or a refund.", "price",
           "Shelf label was copied from last year's model. Labels corrected.",),
        _s("Second faulty {product} in a row",
           "This is the replacement for one returned last month and it has the same fault: cuts out after"
           " a few minutes.", "A refund rather than another replacement.", "price",
           "Third report this month on this batch of the {product}; told the supplier and pulled the shelf stock.",
           "Supplier's trade line says it is a known fault with the thermal cut-out. They will credit us."),
        _s("{Product} leaking",
           "The {product} leaks from the base every time it is used. Customer showed photos on their phone.",
           "Replacement.", "price",
           "Seal at the base is split. Manufacturing fault, not misuse.",
           "Filled the returned {product} in the back: leaks within a minute. Faulty."),
        _s("Battery of the {product} will not hold its charge",
           "Charged overnight twice; runs for about five minutes and dies. Bought {days} weeks ago.",
           "A new battery or a new {product}.", "price",
           "Battery tester shows it at 20 % of its rated capacity. Under warranty.",
           "Swapped in a battery from stock and the {product} runs fine, so it is the battery."),
        _s("Paint from the same shelf is two different shades",
           "Two tins of the same colour, but one is noticeably darker on the wall. Batch numbers on the"
           " lids differ.", "Two tins from one batch, tinted to match.", "amount",
           "Two batches had been put on the same shelf. Shelf sorted by batch now.",
           "Checked the tinting log: the second tin was mixed with the old formula."),
    ),
    "staff": (
        _s("Customer felt rushed at the till",
           "Says the assistant on till {till} was impatient while they counted change and sighed loudly."
           " Felt embarrassed in front of the queue.", "An apology; more patience at the tills.", "goodwill",
           "Spoke to the colleague on till {till}; they remember it and were under pressure with a long queue.",
           "Checked the rota to see who was on and went over it with them in their one-to-one."),
        _s("Rude answer on the phone",
           "Rang to ask whether the {product} was in stock. Says whoever answered was short with them and"
           " hung up before they had finished.", "The manager to know, and an apology.", "goodwill",
           "The phone was being answered from the trade counter while serving. Moving it to the back office.",
           "Spoke to the colleague who answered; they thought the call had ended. Reminded them to check."),
        _s("Nobody offered help in the garden section",
           "Waited in the garden section for help choosing a {product}; two members of staff walked past"
           " without stopping.", "Better service next time.", "goodwill",
           "Both were on their way to a delivery at the back. Still should have stopped. Raised at the briefing.",),
        _s("Wrong advice about a part",
           "Was told in store that the {product} would fit their older model. It does not, and they made a"
           " 40-minute trip back.", "A refund and an apology for the wasted trip.", "price",
           "The compatibility chart behind the counter is out of date. Printed the new one.",
           "Spoke to the colleague: new starter, guessed rather than asked. Going through the product training."),
        _s("Staff member argued about the returns policy",
           "Tried to return an unopened {product} within 28 days and was told it could not be refunded."
           " Had to insist before a colleague stepped in.",
           "An apology, and staff who know the returns policy.", "goodwill",
           "Colleague confused our policy with the sale-items rule. Policy sheet now pinned by every till.",),
        _s("Staff chatting instead of serving",
           "Two staff carried on chatting at the trade counter for several minutes while the customer"
           " waited to pay.", "Wants it passed on to the manager.", "goodwill",
           "Spoke to both; they say they were sorting out a delivery problem. Still not acceptable in front of"
           " a customer.",),
    ),
    "billing": (
        _s("Charged twice for one purchase",
           "Bank statement shows two payments of {price} on the same day for one {product}. Brought the"
           " receipt and a screenshot of the statement.", "Refund of the second payment.", "price",
           "Checked the till roll and the card terminal: payment taken twice, second one never voided.",
           "Terminal on till {till} timed out and the colleague ran the card again. Both went through."),
        _s("Till price higher than the shelf price",
           "Shelf label showed the {product} cheaper than the {price} charged at the till. Difference of"
           " {amount}.", "Refund of the difference.", "amount",
           "Shelf label was out of date after Monday's price change. Labels on the aisle corrected.",),
        _s("3-for-2 offer not applied",
           "The offer on the {product} and two other items was not taken off. Customer noticed on the"
           " receipt at home.", "The cheapest item refunded as the offer says.", "amount",
           "Promotion was not set up on till {till}. Fixed with head office.",
           "One of the three items was not in the offer after all; the sign on the end of the aisle was wrong."),
        _s("Invoice for {order} shows VAT twice",
           "Trade customer needs a VAT invoice; the one e-mailed charges VAT on the delivery twice.",
           "A corrected invoice.", "amount",
           "Delivery line on the invoice template adds VAT on an amount that already includes it. Reported.",),
        _s("Refund not received after a return",
           "Returned the {product} {days} days ago and was told the refund takes 3 to 5 days. Nothing on"
           " the card statement yet.", "The refund of {price}, and a reference for the bank.", "price",
           "Found the return in the system; the refund was keyed but never authorised.",
           "Refund went to a card that has since been cancelled. Bank will bounce it back to us."),
        _s("Delivery charged on an order above the free-delivery threshold",
           "{order} was over the threshold for free delivery, but {amount} delivery was added.",
           "Refund of the delivery charge.", "amount",
           "Website applied the threshold before a voucher instead of after. Reported to the web team.",),
    ),
    "waiting": (
        _s("Long queue at the tills",
           "Only one till open on {weekday} lunchtime; customer queued {minutes} minutes for one item.",
           "More tills open at busy times.", "goodwill",
           "Checked the rota: two people off sick that day and no cover arranged.",
           "A delivery arrived at the same time and took two staff off the tills."),
        _s("Waited {minutes} minutes for paint mixing",
           "One person on the paint-mixing machine and a queue behind it.",
           "Quicker service, or a call when it is ready.", "goodwill",
           "Only one person trained on the machine that day. Training a second person this month.",),
        _s("Kept on hold for {minutes} minutes",
           "Rang to check on {order} and was left on hold with no way to leave a message.",
           "A call-back option.", "goodwill",
           "Phone system has no voicemail when all lines are busy. Looking at a call-back option.",
           "Lunchtime phones were covered by one person who was also on the trade counter."),
        _s("Nobody at the trade counter",
           "Waited {minutes} minutes at the trade counter; had to go to the main tills to find someone.",
           "Someone on the trade counter from opening time.", "goodwill",
           "Trade counter colleague was unloading the morning delivery. Bell fitted on the counter.",),
        _s("Key cutting took far longer than promised",
           "Told ten minutes; waited {minutes}. Was late back to work.",
           "Honest waiting times at the counter.", "goodwill",
           "Key machine needed recalibrating and nobody said so at the counter.",),
        _s("Click & collect queue too slow",
           "Came to collect {order}; three people ahead and each took ages. Waited {minutes} minutes in total.",
           "A separate collection point.", "goodwill",
           "Collections were being served from the main tills. Trying a separate collection desk on Saturdays.",),
    ),
    "other": (
        _s("Car park bays blocked by delivery vans",
           "Could not park: delivery vans were parked across the customer bays on {weekday} morning.",
           "Keep the customer bays free.", "goodwill",
           "Spoke to the warehouse lead; vans will use the yard entrance from now on.",),
        _s("Website said in stock, shelf empty",
           "Website showed 6 of the {product} in stock. Customer drove over and there were none.",
           "Stock figures on the website that are right.", "goodwill",
           "Checked the website stock feed: it had not updated since Friday.",
           "The 6 were in the warehouse, not the shop. Website now shows shop stock separately."),
        _s("Loyalty points missing",
           "Points for the {product} bought last {weekday} have not appeared on the loyalty card.",
           "The points added.", "goodwill",
           "Card was scanned after the payment, so the points did not attach. Added them by hand.",),
        _s("Stock trolleys blocking the fire exit",
           "Customer noticed cages of stock in front of the fire exit by the garden section.",
           "Clear it, for everyone's safety.", "goodwill",
           "Cages moved straight away. Fire exit added to the opening checklist.",),
        _s("E-mailed receipt never arrived",
           "Chose an e-mailed receipt for the {product}; it never came and it is needed for the warranty.",
           "A copy of the receipt.", "goodwill",
           "E-mail address was keyed with a typo at the till. Reprinted the receipt from the journal.",),
        _s("Music in the shop far too loud",
           "Customer with hearing aids could not talk to staff over the music.",
           "Turn it down.", "goodwill",
           "Volume had been turned up for an event and never turned back. Set a maximum on the amplifier.",),
    ),
}

CATEGORY_KEYS = {
    "delivery delay": "delivery",
    "product defect": "defect",
    "staff behaviour": "staff",
    "billing error": "billing",
    "waiting time": "waiting",
}


def category_key(name: str) -> str:
    """Which phrase bank fits a category (a seeded one also by its name in the shop's language);
    ``other`` for names the demo does not know."""
    return CATEGORY_KEYS.get(source_name(name.strip()).casefold(), "other")

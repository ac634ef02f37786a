"""Timeline entries as a clerk would type them, by step kind, category and outcome."""

from __future__ import annotations

ACK_AT_COUNTER = (
    "Took the details at the counter and a photo of the receipt.",
    "Logged while the customer was here; said we would be in touch within a day.",
    "Customer came to the service desk. Took details, gave them the reference.",
    "Listened, took notes and gave the customer the complaint reference.",
)

ACK_ON_PHONE = (
    "Logged during the call. Customer prefers a call back after 4pm.",
    "Took the details on the phone and read back the reference number.",
    "Logged the call; customer happy to wait for a call back tomorrow.",
)

FIRST_REPLY: dict[str, tuple[str, ...]] = {
    "email": (
        "Replied by e-mail: apologised, said we are looking into it and will update by tomorrow.",
        "E-mailed {first} to confirm we have the complaint and asked for a photo of the receipt.",
        "Sent an acknowledgement with the reference and asked for the best time to call.",
    ),
    "web": (
        "Answered the web form by e-mail: acknowledged and asked for the order number.",
        "Replied to the website message; gave the reference and said what happens next.",
    ),
    "chat": (
        "Answered in chat; took the details and promised a call back today.",
        "Picked up the chat, apologised and took the order number.",
    ),
    "social": (
        "Replied to the post publicly and asked {first} to message us the details. Moved to private messages.",
        "Answered the comment and took it to private messages to get the details.",
    ),
    "other": (
        "Called {first} back to acknowledge the complaint and explain the next steps.",
        "Wrote back to acknowledge the letter and gave the reference number.",
    ),
}

APOLOGISED = (
    "Apologised for the inconvenience and took full details.",
    "Apologised on behalf of the shop; customer calmer after talking it through.",
    "Said sorry and gave my name as the contact for this.",
    "Apologised. Customer understandably annoyed but polite.",
)

ESCALATED = (
    "Escalated to {manager}: customer asking for more than I can authorise.",
    "Passed to {manager} as it is the second complaint about this.",
    "Escalated to {manager}; customer wants to speak to a manager.",
    "Handed over to {manager} to decide on compensation.",
)

OFFERED: dict[str, tuple[str, ...]] = {
    "refund": (
        "Offered a full refund of {comp}; customer accepted.",
        "Offered to refund {comp}. Customer will bring the card in.",
    ),
    "replacement": (
        "Offered a replacement from stock or a refund; customer chose the replacement.",
        "Offered a new {product} at no cost; customer happy with that.",
    ),
    "repair": (
        "Offered to send the {product} for repair under warranty (about 10 working days).",
        "Supplier will repair; offered a loan unit in the meantime.",
    ),
    "discount": (
        "Offered {comp} off the next purchase as a goodwill gesture.",
        "Offered a {comp} voucher for the trouble.",
    ),
}

REFUNDED = (
    "Refunded {comp} to the card ending {card}.",
    "Cash refund of {comp} at the till; receipt stapled to the file copy.",
    "Refund of {comp} processed; told the customer it can take 3 to 5 working days to show.",
)

REPLACED: dict[str, tuple[str, ...]] = {
    "delivery": (
        "Re-sent the {product} by express delivery at our cost.",
        "New {product} put on our own van for tomorrow morning.",
    ),
    "defect": (
        "Swapped the {product} for a new one from stock.",
        "Replacement {product} sent out today with a prepaid return label for the faulty one.",
        "New {product} put aside for collection; customer picking it up tomorrow.",
    ),
}

EXPLAINED = (
    "Called {first} and explained what went wrong and what we have changed.",
    "E-mailed {first} a full explanation and an apology.",
    "Rang {first}: went through what happened; they were fine with the explanation.",
)

WAITING_FOR_CUSTOMER = (
    "Asked {first} for a photo of the receipt; waiting to hear back.",
    "Left a voicemail asking {first} to call back.",
    "E-mailed {first} a couple of questions; waiting for a reply.",
    "Asked {first} which day suits them; waiting to hear back.",
)

FOLLOW_UP = (
    "Follow-up call: everything fine now, customer thanked us.",
    "Follow-up call: no answer, left a voicemail.",
    "E-mailed to check all is well now; customer replied that it is.",
    "Checked back a week later: no further problems.",
)

RESOLVED: dict[str, tuple[str, ...]] = {
    "refund": (
        "Refund confirmed by the customer. Resolved.",
        "Customer has the refund of {comp}; happy to close.",
    ),
    "replacement": (
        "Customer has the new {product} and is happy with it. Resolved.",
        "Replacement {product} received; customer satisfied.",
    ),
    "repair": (
        "{Product} back from repair and collected; working fine.",
        "Repair done under warranty; customer satisfied.",
    ),
    "discount": (
        "Customer accepted the {comp} goodwill gesture.",
        "Voucher sent; customer happy with that.",
    ),
    "apology": (
        "Customer accepted the apology.",
        "Customer appreciated the call and the apology. Resolved.",
    ),
    "explanation": (
        "Customer happy with the explanation.",
        "Explained the cause and what we changed; customer satisfied.",
    ),
    "no_action": (
        "Nothing we can change here; explained politely and closed.",
        "No fault found on inspection; explained to the customer.",
    ),
}

RESOLVED_ON_THE_SPOT: dict[str, tuple[str, ...]] = {
    "refund": (
        "Sorted on the spot: refunded {comp} at the till.",
        "Refunded {comp} there and then; customer happy.",
    ),
    "replacement": (
        "Swapped the {product} for a new one on the spot.",
        "Exchanged the {product} at the counter; customer left happy.",
    ),
    "discount": ("Gave {comp} off today's purchase; customer happy with that.",),
    "apology": (
        "Apologised and explained; customer was happy with that.",
        "Said sorry in person; customer accepted it.",
    ),
    "explanation": (
        "Explained the policy at the counter; customer understood.",
        "Talked it through; customer satisfied with the explanation.",
    ),
    "no_action": ("Listened and explained; nothing more the customer wanted from us.",),
}

REOPENED: dict[str, tuple[str, ...]] = {
    "replacement": ("Customer back: the replacement has the same fault.",),
    "refund": ("Customer rang again: the refund still is not on their statement.",),
    "other": (
        "Reopened: customer says the problem has come back.",
        "Reopened at the customer's request: not happy with the outcome after all.",
    ),
}

REWORK = (
    "Went through it again with the team; agreed to put it right properly this time.",
    "Went back over the file: the first fix did not solve it. Sorting it today.",
    "Chased it personally and confirmed with the customer what they need.",
)

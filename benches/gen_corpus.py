#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus of replies (issue 15: performance):

    python3 benches/gen_corpus.py --replies N [--seed S] --out DIR [--shape files|jsonl|text|all] [--force]

writes, under DIR (see benches/README.md):
  files/0000/000000.txt ...  one template per reply, at most 1,000 files per subdirectory
  library.jsonl              one {"id": "r000000", "text": "..."} record per line
  replies.txt                every reply in one large document, separated by `---` lines
  MANIFEST.json              seed, counts, byte sizes and SHA-256 of each output

Same --seed and --replies give byte-identical output on any machine and Python 3 version;
a corpus of N replies is a prefix of any larger corpus with the same seed. Standard library
only, no network. The replies are written from the templates and word pools below (no
dataset): ~70% clean ordinary replies, ~8% with typos, ~4% sarcasm or condescension, ~5%
walls of text, ~5% templates with placeholders (a third of them broken), ~8% short
acknowledgements.
"""
import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path


# ---------------------------------------------------------------------------------------------

# Bump when the generated text changes, so that MANIFEST.json files from different generator
# versions are not compared as if they should match.
GENERATOR_VERSION = 1

# Reply kinds and their weights (per cent). Each reply draws its kind independently, so the
# counts are close to these shares, not exact, and the first N replies do not depend on N.
KINDS = [
    ("clean", 70),
    ("typo", 8),
    ("sarcasm", 4),
    ("wall", 5),
    ("template", 5),
    ("ack", 8),
]

# Text separating replies in replies.txt: a Markdown-style rule on its own line, as in a
# saved-replies document. replylint cuts a large document at blank lines, so every separator
# is also a place where a section may end (see benches/README.md).
TEXT_SEPARATOR = "\n\n---\n\n"

FILES_PER_DIR = 1000

# --- word pools: all names, brands, numbers and links are made up -----------------------------

CUSTOMERS = [
    "Dana", "Marcus", "Aisha", "Tom", "Emily", "Carlos", "Mei", "Jamal", "Sophie", "Liam",
    "Olivia", "Noah", "Hannah", "Omar", "Grace", "Lucas", "Ava", "Ethan", "Chloe", "Daniel",
    "Fatima", "Ben", "Nina", "Ravi", "Laura", "Sara", "Ahmed", "Julia", "Oliver", "Ingrid",
    "Yuki", "Megan", "Peter", "Rosa", "Kevin", "Helen", "Victor", "Alice", "Martin", "Lena",
]
# A little Unicode: accented names, drawn for about one customer in eight.
CUSTOMERS_ACCENTED = ["José", "Zoë", "Renée", "Chloé", "Siobhán", "Björn", "François", "Inês", "Anaïs", "Søren"]
AGENTS = ["Sam", "Alex", "Jordan", "Maya", "Chris", "Taylor", "Leo", "Kim", "Ruth", "Nora", "Jess", "Ella", "Tony", "Amy"]
SURNAMES = ["Lee", "Patel", "Novak", "Brown", "Okafor", "Chen", "Walsh", "Schmidt", "Rossi", "Murphy", "Khan", "Evans"]
BRANDS = ["Harbor & Pine", "Copperleaf", "Bluefin Audio", "Oakline Home", "Fernway", "Tidewater Outdoor", "Marlow Kitchen"]
COURIERS = ["UPS", "DHL", "FedEx", "DPD", "Royal Mail", "USPS", "Evri", "Canada Post"]
CITIES = ["Leeds", "Denver", "Lyon", "Austin", "Glasgow", "Toronto", "Manchester", "Portland", "Dublin", "Melbourne"]
ITEMS = [
    "blender", "kettle", "rain jacket", "desk lamp", "backpack", "coffee grinder", "phone case",
    "duvet cover", "yoga mat", "water bottle", "air fryer", "wool sweater", "smart plug",
    "bike light", "travel mug", "throw blanket", "standing desk", "Bluetooth speaker", "toaster",
    "camping stove", "picture frame", "laptop sleeve",
]
GARMENTS = ["rain jacket", "wool sweater", "hoodie", "linen shirt", "winter coat", "fleece", "pair of jeans",
            "pair of trainers", "running jacket", "dress"]
SIZES = ["S", "M", "L", "XL", "small", "medium", "large", "8", "10", "12"]
COLOURS = ["navy", "black", "olive", "sand", "charcoal", "white", "red", "forest green"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
# Refund and transit times; the en dash is deliberate (a little Unicode).
DAYS = ["3–5 business days", "5 to 7 working days", "2 business days", "3 to 5 business days",
        "5–10 business days", "a few business days"]
PLANS = ["monthly plan", "annual plan", "coffee subscription", "premium membership", "meal kit plan"]
EMOJI = ["😊", "🙂", "👍", "📦", "🙌"]

# --- reply parts -------------------------------------------------------------------------------
# Slots in braces are filled per reply by `Slots` (one value per reply: the same order number
# everywhere in it). A reply's parts are counted in "sentences" so that a clean reply stays
# within what replylint accepts in a chat message (five sentences, 120 words).

GREETINGS_NAMED = ["Hi {name},", "Hello {name},", "Hey {name}!", "Hi {name}!", "Good morning {name},",
                   "Dear {name},", "Hi {name} 👋"]
GREETINGS_PLAIN = ["Hi there,", "Hello!", "Hi there!", "Good afternoon,"]
# Template greetings: placeholders a help desk fills in.
GREETING_PLACEHOLDER = "Hi {{first_name}},"

OPENERS = [
    "Thanks for reaching out!", "Thanks for getting in touch about this.", "Thanks for your message.",
    "Thanks for your patience while I looked into this for you.", "Sorry for the wait, and thanks for bearing with us!",
    "Happy to help with this.", "I'm sorry about the trouble with your order.",
    "Sorry to hear about this, let's get it sorted!", "Thank you for letting us know.", "Great question!",
    "Thanks for the details, that really helps.", "I'm sorry for the delay in getting back to you.",
    "Thanks so much for reaching out to us about your order.", "I hope you're having a good week so far.",
]

# Topics: a lead sentence, details, and a next step. Words that the typo kind misspells
# (receive, address, separate, definitely, occurred, until, which, tomorrow, ...) occur here
# naturally, so clean and misspelt replies read alike.
TOPICS = {
    "status": {
        "lead": [
            "I checked order {order} and it left our warehouse on {weekday} morning.",
            "Your order {order} has shipped and is now with {courier}, who will deliver it to your door.",
            "Good news: order {order} was packed this morning and goes out with {courier} this afternoon.",
            "I've looked up order {order}, and it's on its way to you with {courier}.",
            "Order {order} was handed to {courier} yesterday evening and is moving through their network now.",
        ],
        "detail": [
            "Parcels in your area are usually delivered in the morning, so it may well arrive before lunch on the day.",
            "You can follow it here: {track}.",
            "Here's the tracking link so you can follow it all the way to your door: {track}.",
            "It should arrive by {date}, usually between 9 am and 6 pm.",
            "The tracking page can take up to 24 hours to update after the first scan, so don't worry if it looks quiet for now.",
            "You'll receive a text from {courier} on the morning of delivery with a one-hour time slot.",
            "The estimated delivery date is {date}, and nothing on our side suggests it will be late.",
            "It's being delivered to the address on your order, so please let us know soon if that has changed.",
            "If nobody is home, {courier} will leave a card and try again the next working day.",
        ],
        "next": [
            "If it hasn't arrived by {date}, just reply here and I'll chase it with {courier} for you.",
            "I'll keep an eye on the tracking and update you if anything changes.",
            "Let me know once it arrives, I hope you love your new {item}!",
        ],
    },
    "delay": {
        "lead": [
            "I'm sorry your order is taking longer than expected, I know you were hoping to have it by now.",
            "I'm really sorry that order {order} hasn't arrived yet, and thank you for bearing with us.",
            "Apologies for the delay with your {item}, that's not the experience we want you to have.",
            "I've looked into order {order} and can see it has been held up in transit.",
        ],
        "detail": [
            "I've spoken to {courier} and they've confirmed the parcel is safe and will be back on schedule within a day or two.",
            "{courier} had a backlog at their {city} depot this week, so some parcels are running a day or two late.",
            "The new delivery estimate is {date}, and the parcel is already on the last leg of its journey.",
            "It's still moving, and the last scan was at the {city} hub on {weekday}.",
            "The delay occurred at the sorting centre, not with your parcel itself, so it should be in good shape.",
            "It should definitely be with you by {date} at the latest, and I'll keep checking on it until then.",
            "We've upgraded the shipping to express at no cost to you, so it will be prioritised from here.",
            "I've also asked {courier} to flag it as urgent on their side.",
        ],
        "next": [
            "If it still hasn't arrived by {date}, we'll send a replacement right away.",
            "I'll check the tracking again tomorrow morning and send you an update either way.",
            "Please wait until {weekday} before we open a claim, as most late parcels turn up by then.",
        ],
    },
    "refund": {
        "lead": [
            "I've processed a refund of {amount} to the card ending in {last4}.",
            "Your refund of {amount} for order {order} was approved today and is on its way back to you.",
            "I can confirm we've refunded {amount} to your original payment method this morning.",
            "Good news: the refund for your {item} has gone through, for a total of {amount}.",
        ],
        "detail": [
            "You don't need to send anything back for this one, the refund is already confirmed on our side.",
            "It usually shows on your statement within {days}, depending on your bank.",
            "You'll receive a confirmation e-mail shortly with the refund reference for your records.",
            "Your bank may take a little longer over a weekend or a public holiday.",
            "The refund includes the original shipping cost, so you won't be out of pocket.",
            "Refunds go back to the card that was used for the order, which is the quickest way to get your money back.",
            "If you paid with a gift card, the amount goes back onto that card instead.",
        ],
        "next": [
            "If you don't see it by {date}, let me know and I'll look into it with our payments team.",
            "Feel free to reply here if you have any questions about it.",
        ],
    },
    "return": {
        "lead": [
            "You can return the {item} within 30 days of delivery, and it's free of charge.",
            "I've set up a return for your {item}, so you're all ready to send it back.",
            "Of course, we're happy to take the {item} back if it isn't quite right.",
        ],
        "detail": [
            "If you drop it off this week, the refund should be back on your card before the end of the month.",
            "I've e-mailed you a prepaid return label; just print it and drop the parcel at any {courier} point.",
            "Please pack the items in separate bags if you're returning more than one, as it speeds up the check.",
            "Once it reaches us and passes a quick check, we'll refund {amount} within {days}.",
            "You can also start a return yourself at {returns_link} whenever it suits you.",
            "There's no need to include the original receipt, the label links the parcel to your order.",
            "The original packaging is nice to have but not required, any sturdy box is fine.",
        ],
        "next": [
            "You'll receive an e-mail as soon as we've checked it in at our warehouse.",
            "Let me know if the label doesn't come through and I'll send it again.",
        ],
    },
    "exchange": {
        "lead": [
            "Happy to swap the {garment} for a size {size}, that's no trouble at all.",
            "We can definitely exchange the {garment} for the {colour} one, and we still have your size in stock.",
            "I've reserved a {colour} {garment} in size {size} for you while you send the first one back.",
        ],
        "detail": [
            "If the new size isn't right either, you can exchange it again for free within 30 days of delivery.",
            "The new one ships as soon as we receive the original, usually within a day.",
            "There's no extra charge for the exchange, and return shipping is on us.",
            "The {colour} version is in stock and ready to go from our {city} warehouse.",
            "We'll send the replacement and the return label in separate e-mails so they're easy to find.",
            "I'll hold it for 14 days, which gives you plenty of time to post the original.",
        ],
        "next": [
            "Just reply with your preferred size and I'll take care of the rest.",
            "I'll send you the tracking link as soon as it ships.",
        ],
    },
    "damaged": {
        "lead": [
            "I'm so sorry the {item} arrived damaged, that must have been disappointing to unpack.",
            "That's not the condition your {item} should have arrived in, and I'm really sorry.",
            "Sorry to hear the {item} was broken when you opened the box.",
        ],
        "detail": [
            "Our warehouse will pack the replacement with extra padding, and it will go out on the next {courier} collection.",
            "Could you send a photo of the box and the item? That way we can file a claim with {courier}.",
            "We'll send a replacement today at no cost to you, and it should arrive by {date}.",
            "There's no need to send the damaged one back, please recycle it or keep it for parts.",
            "I've added a note to order {order} so our warehouse packs the replacement more carefully.",
            "If you'd prefer your money back instead, I can refund {amount} straight away.",
        ],
        "next": [
            "You'll receive the tracking details by e-mail once it ships.",
            "I'll let you know as soon as the replacement is on its way.",
        ],
    },
    "account": {
        "lead": [
            "You can reset your password here: {reset_link}.",
            "I've checked your account and the quickest fix is a password reset, which you can start here: {reset_link}.",
            "I've sent a password reset link to the e-mail address on your account.",
            "I've unlocked your account, so you can sign in again now with your usual details.",
            "I can see the sign-in problem on your account, and it should be fixed now.",
        ],
        "detail": [
            "Once you're signed in, you can turn on two-step verification under Settings to keep your account extra safe.",
            "The link is valid for 24 hours, so it's best to use it today.",
            "If the e-mail doesn't show up within a few minutes, please check your spam or promotions folder.",
            "Your order history, saved addresses and loyalty points are all still there.",
            "For security, you'll be asked to confirm the code we text to the phone number on your account.",
            "You may need to sign out of the app and back in again for the change to show.",
        ],
        "next": [
            "Let me know if you have any trouble signing in.",
            "If it still doesn't work, reply here and I'll sort it out with you.",
        ],
    },
    "billing": {
        "lead": [
            "I can see two charges of {amount} on {date}, and I understand why that looks worrying.",
            "I've checked the payment for order {order} with our billing team.",
            "Thanks for flagging the charge on your statement, I've looked into it for you.",
        ],
        "detail": [
            "Pending holds like this are released automatically by your bank, so the money will be back in your account without you doing anything.",
            "The second one is a pending authorisation and will drop off within {days}.",
            "You were only charged once; the other line is a temporary hold from your bank.",
            "I've applied a credit of {amount} to your account for the trouble.",
            "Your next invoice will show the corrected amount, and you don't need to do anything.",
            "The charge on {date} is for the annual renewal, which we e-mailed you about a month ago.",
        ],
        "next": [
            "If it's still there after {date}, let me know and I'll raise it with our billing team.",
            "I'll keep this case open until it clears, so you won't need to explain it again.",
        ],
    },
    "address": {
        "lead": [
            "I've updated the delivery address on order {order}, and the warehouse has confirmed the change.",
            "We can still change the address, as your order hasn't shipped yet.",
            "Thanks for sending the new address, it's saved on your order now.",
        ],
        "detail": [
            "Because the parcel was still in our warehouse, the change went through in time and won't delay your delivery.",
            "The label will show the new address, so nothing else is needed on your end.",
            "It will ship tomorrow to the updated address and should arrive by {date}.",
            "If you'd like it sent to a pickup point instead, that's possible too.",
            "I've also updated the default address on your account so future orders go there.",
        ],
        "next": [
            "I'll send you the tracking link once it's on its way.",
            "Let me know if anything else needs changing.",
        ],
    },
    "subscription": {
        "lead": [
            "I've cancelled your {plan}, effective {date}, and you'll get a confirmation shortly.",
            "Your {plan} is paused until {date}, as you asked, and nothing will be charged in the meantime.",
            "I've moved you to the {plan}, starting with your next billing date.",
        ],
        "detail": [
            "If you'd like to come back later, your preferences and delivery details will still be saved in your account.",
            "You won't be charged again, and you can keep using everything until then.",
            "You can restart it at any time from the subscriptions page in your account.",
            "Your next delivery is on {date}, and you can still change what's in the box until {weekday}.",
            "The change is free and takes effect right away, so there's nothing else you need to do.",
            "Any credit left on your account stays there and will be used on your next order.",
        ],
        "next": [
            "You'll receive a confirmation e-mail in the next few minutes.",
            "If you change your mind, just reply here and we'll set it up again.",
        ],
    },
    "product": {
        "lead": [
            "The {item} is back in stock on {date}, and we expect plenty of them this time.",
            "Great choice! The {item} comes in {colour} and in {colour2}.",
            "The {item} has a two-year warranty that covers any manufacturing fault.",
        ],
        "detail": [
            "We're expecting a new delivery from our supplier in the next couple of weeks, and orders ship the same day it arrives.",
            "You can sign up for a restock alert on the product page: {product_link}.",
            "The full specifications and care instructions are on the product page, under Details.",
            "It's one of our most popular items this season, so I'd order soon if you want one.",
            "The warranty covers repairs and replacement parts, which we ship for free.",
            "Delivery is free on this item, and you have 30 days to return it if it isn't right.",
            "It's also available in our {city} store if you'd like to see it in person first.",
        ],
        "next": [
            "Let me know if you'd like me to reserve one for you.",
            "Happy to help you pick the right one if you're unsure.",
        ],
    },
    "pickup": {
        "lead": [
            "Your order is ready for pickup at our {city} store, and we'll keep it for you for seven days.",
            "We can hold the {item} at the {city} store for you until {weekday}.",
        ],
        "detail": [
            "If you can't make it before closing time, our team can keep it behind the counter for a few extra days.",
            "We're open 9 am to 6 pm, Monday to Saturday, and 10 am to 4 pm on Sundays.",
            "Please bring the order confirmation e-mail or your order number, {order}.",
            "We can accommodate a later pickup if you let us know a day in advance.",
            "The pickup desk is just inside the main entrance, on the left.",
        ],
        "next": [
            "See you soon!",
            "Let me know if someone else will collect it for you.",
        ],
    },
}
TOPIC_NAMES = sorted(TOPICS)  # sorted: never depend on dict or set order

# Walls of text: sentences an agent adds when explaining everything at once.
WALL_FILLER = [
    "I completely understand how frustrating it is to wait for something you were looking forward to.",
    "Just so you know, our warehouse team works Monday to Friday, so orders placed over the weekend are packed on Monday morning.",
    "We've been a lot busier than usual over the last few weeks, which has slowed things down a little across the board.",
    "I've gone through your order history and everything else on your account looks fine.",
    "Our courier partners usually deliver within two to three working days, although it can take longer in some rural areas.",
    "I've also left a note on your account, so if you contact us again whoever picks it up will see the whole story.",
    "Please keep the original packaging for now in case we need it for the claim.",
    "I know this isn't the answer you were hoping for, but I wanted to be upfront with you about where things stand.",
    "Normally this would be handled by our returns team, but I've taken care of it myself so you don't have to wait.",
    "We take this kind of feedback seriously, and the team that looks after our packaging will review it this week.",
    "On our side the order shows as paid and complete, so nothing is holding it up in our system.",
    "The good news is that this doesn't affect your loyalty points, which are still on your account.",
    "I've double-checked the details with our warehouse, and they confirmed the parcel left on time.",
    "If it helps, you can also reach us by phone from 8 am to 8 pm on weekdays.",
    "Once everything is sorted, you'll get an e-mail from us confirming it.",
    "I realise you've had to contact us more than once about this, and I'm sorry about that.",
    "Our policy normally allows 30 days for this, but I'm happy to make an exception given the circumstances.",
    "You don't need to do anything else for now, I'll follow up with the courier directly.",
]

CLOSINGS = [
    "Is there anything else I can help with?", "Let me know if you have any other questions.",
    "Have a great day!", "Have a lovely weekend!", "Just reply here if you need anything else.",
    "We're here if you need anything else.", "Thanks again for your patience.",
    "Have a great day {emoji}", "Take care!",
    "Hope that helps!", "Thanks for shopping with us!",
    "Is there anything else I can help you with today?", "Thanks again for reaching out, and have a great rest of your day!",
    "If anything else comes up, we're always happy to help.",
]

# Sign-offs: a closing word, a name, a signature.
SIGNOFFS = [
    "Best,\n{agent}", "Thanks,\n{agent}", "Cheers,\n{agent}", "Kind regards,\n{agent}", "– {agent}",
    "^{initials}", "{agent} from {brand}", "Best wishes,\n{agent} {surname}\n{brand} Customer Care",
    "The {brand} Team",
]

ACKS = [
    "Thanks, {name}! We're on it.", "Got it, thanks {name}!", "You're welcome! {emoji}",
    "Perfect, thanks for confirming.", "Thanks for letting us know, {name}. I'll check and get back to you shortly.",
    "No worries at all!", "Glad to hear it arrived safely!", "Thanks! I've added a note to your order.",
    "Thanks, {name}. I've passed this on to our warehouse team.", "Great, thanks for the photo!",
    "You're very welcome, {name}. Have a great day!", "Thanks! I'll update you as soon as I hear back.",
    "Happy to help, {name}!", "All sorted! Enjoy the rest of your week.", "Noted, thank you!",
    "Thanks for your patience, {name}. Nearly there!", "Sounds good, I'll keep an eye on it.",
]

# Sarcasm and condescension: sentences added to, or prefixes put on, an otherwise ordinary reply.
SARCASM_SENTENCES = [
    "Yeah, right.", "Calm down, we're looking into it.", "Wow, what a surprise, the courier is late again.",
    "Oh great, another delay from the warehouse.", "Thanks for nothing.",
    "No offense, but the instructions are in the box.", "You should have read the terms before ordering.",
    'Your "issue" has been logged.', "PLEASE READ THE INSTRUCTIONS before contacting us again.",
    "Sure you did. 🙄", "Waiting a week is totally normal /s", "Well, well, well, look who's back.",
    "Just perfect, the replacement is broken too.", "We tested your \"broken\" {item} and it works.",
]
CONDESCENDING_PREFIXES = ["As I already said, ", "Obviously, ", "Per my last message, ", "As previously explained, ",
                          "As I told you yesterday, ", "Like I said, "]

# Common real misspellings, keyed by the correct words the pools above contain. The regex
# below lists the keys sorted (longest first), so no dict or set order matters.
MISSPELLINGS = {
    "receive": "recieve", "address": "adress", "separate": "seperate", "definitely": "definately",
    "occurred": "occured", "until": "untill", "which": "wich", "accommodate": "accomodate",
    "tomorrow": "tommorow", "received": "recieved", "really": "realy", "apologies": "appologies",
    "immediately": "immediatly", "necessary": "neccessary", "business": "buisness",
    "government": "goverment", "believe": "beleive",
}
MISSPELT_WORD = re.compile(r"\b(" + "|".join(sorted(MISSPELLINGS, key=lambda w: (-len(w), w))) + r")\b", re.IGNORECASE)
# Sentences that carry a misspellable word, for a typo reply whose parts hold none.
TYPO_CARRIERS = [
    "You should receive it tomorrow.", "I believe it's already on its way.",
    "Apologies again for the mix-up.", "We'll send it immediately.",
    "Because of the government holiday on {weekday}, it may take one extra business day.",
]
# Slips other than spelling, for one typo reply in five: a doubled word, a confused word, a
# missing apostrophe, a lowercase "i".
STYLE_SLIPS = [
    (re.compile(r"\bthe (\w)"), r"the the \1"), (re.compile(r"\bit's on its way\b"), "it's on it's way"),
    (re.compile(r"\bI'll\b"), "i'll"), (re.compile(r"\bdoesn't\b"), "doesnt"),
    (re.compile(r"\byour order\b"), "you're order"),
]

# Template placeholders, in a generic help desk's syntax, and the broken forms copied templates
# pick up (unbalanced braces, a misspelt variable, a slot from another help desk, an empty token).
TEMPLATE_SLOTS = {
    "name": "{{first_name}}", "order": "{{order_id}}", "agent": "{{agent_name}}", "track": "{{tracking_link}}",
    "amount": "{{refund_amount}}", "date": "{{delivery_date}}",
    "initials": "{{agent_initials}}", "surname": "{{agent_last_name}}",
}
TEMPLATE_BRACKET_SLOTS = {"name": "[NAME]", "order": "[ORDER NUMBER]", "agent": "[AGENT NAME]"}
BROKEN_NAME_SLOTS = ["{{first_name}", "{first_name}}", "{{ticket.requester.frist_name}}",
                     "{%customer.firstName%}", "[[MISSING TOKEN - FIRST NAME]]", "{{ first_name"]

WALL_JOINERS = [", and ", ", and ", " and ", ", so ", ", but "]
# Sentences that already start with a conjunction are not joined on ("..., so because ...").
NO_JOIN = ("Because", "If", "Once", "Just so", "Normally", "Our policy", "Pending")


class Rng:
    """Draws built only on `random.Random.random()`.

    Python guarantees that `random()` gives the same sequence for the same seed in every
    version; `choice`, `randint` and friends carry no such promise. So every draw here is
    derived from `random()` alone, which makes the corpus byte-identical across versions.
    """

    def __init__(self, seed):
        self._random = random.Random(seed).random

    def below(self, n):
        return int(self._random() * n)

    def pick(self, seq):
        return seq[int(self._random() * len(seq))]

    def chance(self, p):
        return self._random() < p

    def shuffled(self, seq):
        """A copy of seq in random order (Fisher-Yates on `below`)."""
        out = list(seq)
        for i in range(len(out) - 1, 0, -1):
            j = self.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return out

    def between(self, lo, hi):
        return lo + int(self._random() * (hi - lo + 1))

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self._random() * total
        for value, w in pairs:
            x -= w
            if x < 0:
                return value
        return pairs[-1][0]


class Slots(dict):
    """The values of one reply's slots, drawn on first use and then kept."""

    def __init__(self, rng, overrides=None):
        super().__init__(overrides or {})
        self.rng = rng

    def __missing__(self, key):
        r = self.rng
        if key == "name":
            v = r.pick(CUSTOMERS_ACCENTED) if r.chance(0.12) else r.pick(CUSTOMERS)
        elif key == "agent":
            v = r.pick(AGENTS)
        elif key == "initials":
            v = self["agent"][0] + r.pick(SURNAMES)[0]
        elif key == "surname":
            v = r.pick(SURNAMES)
        elif key == "brand":
            v = r.pick(BRANDS)
        elif key == "domain":
            v = re.sub(r"[^a-z]", "", self["brand"].lower()) + ".example"
        elif key == "order":
            v = r.pick(["#{}", "#{}", "{}", "#NW-{}"]).format(r.between(10000, 9999999))
        elif key == "courier":
            v = r.pick(COURIERS)
        elif key == "track":
            code = "".join(r.pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(r.between(10, 16)))
            v = f"https://track.{self['domain']}/{code}"
        elif key == "returns_link":
            v = f"https://{self['domain']}/" + r.pick(["returns", "help/returns", "account/orders"])
        elif key == "reset_link":
            v = f"https://{self['domain']}/" + r.pick(["account/reset", "login/forgot", "account/password"])
        elif key == "product_link":
            v = f"https://{self['domain']}/p/{r.between(1000, 99999)}"
        elif key == "weekday":
            v = r.pick(WEEKDAYS)
        elif key == "date":
            day, month = r.between(1, 28), r.pick(MONTHS)
            v = r.pick([f"{self['weekday']}, {day} {month}", f"{month} {day}", f"{self['weekday']}"])
        elif key == "amount":
            units = r.pick([r.between(5, 60), r.between(20, 250), r.between(100, 900)])
            v = r.pick(["$", "£", "€"]) + f"{units}.{r.pick(['00', '99', '50', '95', '49'])}"
        elif key == "last4":
            v = f"{r.between(0, 9999):04d}"
        elif key == "postcode":
            v = f"{r.between(10, 99)}"
        elif key == "item":
            v = r.pick(ITEMS)
        elif key == "garment":
            v = r.pick(GARMENTS)
        elif key == "size":
            v = r.pick(SIZES)
        elif key == "colour":
            v = r.pick(COLOURS)
        elif key == "colour2":
            v = r.pick([c for c in COLOURS if c != self["colour"]])
        elif key == "city":
            v = r.pick(CITIES)
        elif key == "days":
            v = r.pick(DAYS)
        elif key == "plan":
            v = r.pick(PLANS)
        elif key == "emoji":
            v = r.pick(EMOJI)
        else:
            raise KeyError(key)
        self[key] = v
        return v


# Sentence ends as replylint sees them: ".", "!" or "?" before white space or the end.
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def sentences(text):
    """How many sentences `text` holds (a fragment without an end mark is one; None is none)."""
    if not text:
        return 0
    return max(1, len(SENTENCE_END.findall(text)))


# Marks "no greeting given" apart from "no greeting" (None).
NO_GREETING = object()


def lower_first(s):
    """s with its first letter in lowercase, to follow a comma ("Hi Dana, thanks ..."); "I" stays."""
    return s[:1].lower() + s[1:] if not s.startswith("I ") and not s.startswith("I'") else s


class Generator:
    """Reply texts, one after another, from a single seeded stream."""

    def __init__(self, seed):
        self.r = Rng(seed)

    def reply(self):
        """(kind, text) of the next reply."""
        kind = self.r.weighted(KINDS)
        text = getattr(self, "_" + kind)()
        # A share of replies come from tools that write typographic apostrophes and quotes.
        if self.r.chance(0.12):
            text = curly(text)
        return kind, text

    # -- building blocks --

    def _distinct(self, pool, k):
        """k different items of pool, in pool order (k <= len(pool))."""
        idx = list(range(len(pool)))
        chosen = []
        for _ in range(min(k, len(pool))):
            chosen.append(idx.pop(self.r.below(len(idx))))
        return [pool[i] for i in sorted(chosen)]

    def _greeting(self, slots, placeholder_share=0.06):
        r = self.r
        roll = r.below(100)
        if roll < 20:
            return None
        if roll < 20 + int(placeholder_share * 100):
            return GREETING_PLACEHOLDER
        if roll < 85:
            return r.pick(GREETINGS_NAMED).format_map(slots)
        return r.pick(GREETINGS_PLAIN)

    def _signoff(self, slots):
        """A sign-off and how many sentences replylint counts in it: one per line of two words
        or more ("Kind regards," and "Sam Lee" count; "Best," "Sam" and "– Sam" do not)."""
        text = self.r.pick(SIGNOFFS).format_map(slots)
        lines = sum(1 for line in text.split("\n") if sum(any(c.isalnum() for c in w) for w in line.split()) >= 2)
        return text, lines

    def _compose(self, greeting, opener, body, closing, signoff, email_style, inline):
        """Lay the parts out as a chat message (one paragraph) or an e-mail (paragraphs).

        `inline`: in a chat message, the greeting runs into the first sentence ("Hi Dana,
        thanks for reaching out!") instead of standing on a line of its own.
        """
        parts = ([opener] if opener else []) + body + ([closing] if closing else [])
        if email_style:
            out = []
            if greeting:
                out.append(greeting)
            # Body in one or two paragraphs, the closing on its own.
            main = ([opener] if opener else []) + body
            if len(main) >= 4 and self.r.chance(0.6):
                cut = 1 + self.r.below(len(main) - 1)
                out.append(" ".join(main[:cut]))
                out.append(" ".join(main[cut:]))
            elif main:
                out.append(" ".join(main))
            if closing:
                out.append(closing)
            if signoff:
                out.append(signoff)
            return "\n\n".join(out)
        line = " ".join(parts)
        if greeting and parts:
            if inline:
                # Lowercase after a comma; "Hi Dana! Thanks ..." after an exclamation mark.
                line = greeting + " " + (lower_first(line) if greeting.endswith(",") else line)
            else:
                line = greeting + "\n" + line
        elif greeting:
            line = greeting
        if signoff:
            line += "\n" + signoff
        return line

    def _ordinary(self, budget, slots=None, extra=None, greeting=NO_GREETING):
        """A well-formed reply of at most `budget` sentences as replylint counts them.

        `extra`: a sentence that ends the body; `greeting`: instead of a drawn one.
        """
        r = self.r
        slots = slots if slots is not None else Slots(r)
        t = TOPICS[r.pick(TOPIC_NAMES)]
        if greeting is NO_GREETING:
            greeting = self._greeting(slots)
        opener = r.pick(OPENERS) if r.chance(0.65) else None
        closing = r.pick(CLOSINGS).format_map(slots) if r.chance(0.75) else None
        signoff, sign_lines = self._signoff(slots) if r.chance(0.45) else (None, 0)
        email_style = r.chance(0.3)
        inline = not email_style and r.chance(0.5)
        lead = r.pick(t["lead"]).format_map(slots)
        step = r.pick(t["next"]).format_map(slots) if r.chance(0.6) else None
        details = [d.format_map(slots) for d in r.shuffled(t["detail"])[:r.between(1, 3)]]
        # A greeting is a sentence unless it runs into the next one after a comma.
        greeting_counts = greeting is not None and not (inline and greeting.endswith(","))
        n = {"opener": sentences(opener), "step": sentences(step), "closing": sentences(closing)}
        n_details = [sentences(d) for d in details]

        def count():
            return (greeting_counts + sign_lines + sentences(lead) + sentences(extra)
                    + n["opener"] + n["step"] + n["closing"] + sum(n_details))

        # Over budget: drop details, then the next step, the sign-off, the opener, the closing.
        while count() > budget and details:
            details.pop()
            n_details.pop()
        if count() > budget:
            step, n["step"] = None, 0
        if count() > budget:
            signoff, sign_lines = None, 0
        if count() > budget:
            opener, n["opener"] = None, 0
        if count() > budget:
            closing, n["closing"] = None, 0
        body = [lead] + details + ([step] if step else []) + ([extra] if extra else [])
        return self._compose(greeting, opener, body, closing, signoff, email_style, inline)

    # -- the kinds --

    def _clean(self):
        # Most clean replies fit a chat message (at most five sentences); one in twenty is a
        # longer, e-mail-like reply, which replylint's default channel (messenger) may flag.
        return self._ordinary(budget=5 if self.r.chance(0.95) else 8)

    def _typo(self):
        r = self.r
        slots = Slots(r)
        text = self._ordinary(budget=5, slots=slots)
        if r.chance(0.2):
            slipped = self._style_slip(text)
            if slipped != text:
                return slipped
        found = list(MISSPELT_WORD.finditer(text))
        if not found:
            # Nothing to misspell: write the reply again with a sentence that has a word to.
            slots = Slots(r)
            text = self._ordinary(budget=5, slots=slots, extra=r.pick(TYPO_CARRIERS).format_map(slots))
            found = list(MISSPELT_WORD.finditer(text))
        picks = sorted(self._distinct(list(range(len(found))), 1 if r.chance(0.7) else 2))
        out, last = [], 0
        for i in picks:
            m = found[i]
            out.append(text[last:m.start()])
            out.append(match_case(m.group(0), MISSPELLINGS[m.group(0).lower()]))
            last = m.end()
        out.append(text[last:])
        return "".join(out)

    def _style_slip(self, text):
        for pattern, repl in self.r.shuffled(STYLE_SLIPS):
            if pattern.search(text):
                return pattern.sub(repl, text, count=1)
        return text

    def _sarcasm(self):
        r = self.r
        slots = Slots(r)
        greeting = self._greeting(slots, placeholder_share=0)
        topic = TOPICS[r.pick(TOPIC_NAMES)]
        details = r.shuffled(topic["detail"])[:1 + r.chance(0.5)]
        body = [r.pick(topic["lead"]).format_map(slots)] + [d.format_map(slots) for d in details]
        if r.chance(0.5):
            # Condescension on a detail: "As I already said, it usually shows within 2 days."
            i = 1 + r.below(len(body) - 1)
            body[i] = r.pick(CONDESCENDING_PREFIXES) + lower_first(body[i])
        else:
            # Sarcasm after the lead: "I checked order #4821 ... Yeah, right."
            body.insert(1 + r.below(len(body)), r.pick(SARCASM_SENTENCES).format_map(slots))
        closing = r.pick(["Anything else?", "Let me know.", "Hope that clears it up.", None, None])
        return self._compose(greeting, None, body, closing, None, r.chance(0.2), r.chance(0.5))

    def _wall(self):
        """One paragraph of 150-300 words: everything the agent knows, at once."""
        r = self.r
        slots = Slots(r)
        target = r.between(150, 300)
        greeting = self._greeting(slots, placeholder_share=0)
        # One or two topics told at length (lead, details, next step), with general
        # explanations mixed in, until the word target; no sentence twice.
        story = []
        for topic in self._distinct(TOPIC_NAMES, 1 + r.below(2)):
            t = TOPICS[topic]
            story += [r.pick(t["lead"])] + r.shuffled(t["detail"]) + [r.pick(t["next"])]
        fillers = r.shuffled(WALL_FILLER)
        said = [r.pick(OPENERS)]
        words = len(said[0].split()) + (len(greeting.split()) if greeting else 0)
        while words < target and (story or fillers):
            source = fillers if fillers and (not story or r.chance(0.35)) else story
            s = source.pop(0).format_map(slots)
            if words >= 150 and words + len(s.split()) + 1 > 300:  # + a joiner's word
                break
            prev = said[-1]
            if (len(said) > 1 and r.chance(0.25) and prev.endswith(".") and s.endswith(".")
                    and "http" not in prev and "?" not in prev + s and not s.startswith(NO_JOIN)):
                # Run two sentences together into one long one, as walls of text do.
                words -= len(prev.split())
                s = prev[:-1] + r.pick(WALL_JOINERS) + lower_first(s)
                said.pop()
            said.append(s)
            words += len(s.split())
        text = " ".join(said)
        if greeting:
            text = greeting + " " + (lower_first(text) if greeting.endswith(",") else text)
        closing = r.pick(CLOSINGS).format_map(slots)
        if r.chance(0.4) and words + len(closing.split()) <= 300:
            text += " " + closing
        return text

    def _template(self):
        r = self.r
        # Slots that render as placeholders: {{first_name}} or [NAME]-style, never mixed.
        fixed = dict(TEMPLATE_SLOTS)
        if r.chance(0.25):
            fixed.update(TEMPLATE_BRACKET_SLOTS)
        slots = Slots(r, fixed)
        greeting = r.pick(["Hi {name},", "Hello {name},", "Hi {name}!", "Dear {name},"]).format_map(slots)
        if r.chance(0.35):
            # A broken placeholder, as a template copied from another tool or edited by hand has.
            greeting = greeting.replace(slots["name"], r.pick(BROKEN_NAME_SLOTS))
        return self._ordinary(budget=5, slots=slots, greeting=greeting)

    def _ack(self):
        return self.r.pick(ACKS).format_map(Slots(self.r))


CURLY = str.maketrans({"'": "’"})


def curly(text):
    """Typographic apostrophes and double quotes (“ ” alternate, opening first)."""
    text = text.translate(CURLY)
    if '"' in text:
        parts = text.split('"')
        text = parts[0] + "".join(("“" if i % 2 else "”") + p for i, p in enumerate(parts[1:], 1))
    return text


def match_case(original, replacement):
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


class HashedWriter:
    """A binary file that also keeps the SHA-256 and length of what is written to it.

    Binary mode: the bytes are exactly the UTF-8 of the text, with "\\n" line ends on every OS.
    """

    def __init__(self, path):
        self.f = open(path, "wb", buffering=1 << 20)
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, b):
        self.f.write(b)
        self.sha.update(b)
        self.size += len(b)

    def close(self):
        self.f.close()


def generate(n, seed, out, shapes, force):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    targets = {"files": out / "files", "jsonl": out / "library.jsonl", "text": out / "replies.txt"}
    for shape in shapes:
        p = targets[shape]
        if p.exists():
            if not force:
                sys.exit(f"error: {p} exists; pass --force to replace it")
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()

    id_width = max(6, len(str(n - 1)))
    dir_width = max(4, len(str(max(n - 1, 0) // FILES_PER_DIR)))
    gen = Generator(seed)
    kinds = {k: 0 for k, _ in KINDS}
    words = 0
    jsonl = HashedWriter(targets["jsonl"]) if "jsonl" in shapes else None
    text = HashedWriter(targets["text"]) if "text" in shapes else None
    files_sha, files_bytes, files_dirs = hashlib.sha256(), 0, 0
    started = time.perf_counter()
    separator = TEXT_SEPARATOR.encode()
    current_dir = None
    for i in range(n):
        kind, reply = gen.reply()
        kinds[kind] += 1
        words += len(reply.split())
        num = f"{i:0{id_width}d}"
        if "files" in shapes:
            sub = f"{i // FILES_PER_DIR:0{dir_width}d}"
            if sub != current_dir:
                current_dir = sub
                (targets["files"] / sub).mkdir(parents=True)
                files_dirs += 1
            rel = f"{sub}/{num}.txt"
            data = (reply + "\n").encode()
            with open(targets["files"] / sub / f"{num}.txt", "wb") as f:
                f.write(data)
            # One digest over the whole tree: each file's relative path, a NUL, its bytes.
            files_sha.update(rel.encode() + b"\0" + data)
            files_bytes += len(data)
        if jsonl:
            line = json.dumps({"id": "r" + num, "text": reply}, ensure_ascii=False) + "\n"
            jsonl.write(line.encode())
        if text:
            if i:
                text.write(separator)
            text.write(reply.encode())
    if text:
        text.write(b"\n")
    elapsed = time.perf_counter() - started

    outputs = {}
    if "files" in shapes:
        outputs["files"] = {"path": "files", "files": n, "directories": files_dirs, "bytes": files_bytes,
                            "sha256": files_sha.hexdigest(),
                            "sha256_of": "each file in path order: its path relative to files/, a NUL byte, its bytes"}
    if jsonl:
        jsonl.close()
        outputs["jsonl"] = {"path": "library.jsonl", "records": n, "bytes": jsonl.size, "sha256": jsonl.sha.hexdigest()}
    if text:
        text.close()
        outputs["text"] = {"path": "replies.txt", "replies": n, "separator": TEXT_SEPARATOR, "bytes": text.size,
                           "sha256": text.sha.hexdigest()}
    manifest = {
        "generator": "benches/corpus.py",
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "replies": n,
        "kinds": kinds,
        "words": words,
        "outputs": outputs,
    }
    # No timestamps, host or Python version in the manifest: two runs must compare equal.
    with open(out / "MANIFEST.json", "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    def mb(b):
        return f"{b / 1e6:.1f} MB"
    sizes = ", ".join(f"{o['path']} {mb(o['bytes'])}" for o in outputs.values())
    print(f"{n} replies (seed {seed}) in {elapsed:.1f} s: {sizes}; {out / 'MANIFEST.json'}")


def main(argv):
    ap = argparse.ArgumentParser(description="Generate a deterministic benchmark corpus of replies (issue 15).")
    ap.add_argument("--replies", type=int, required=True, help="number of replies (e.g. 1000, 10000, 100000, 1000000)")
    ap.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--shape", choices=["files", "jsonl", "text", "all"], default="all", help="what to write (default all)")
    ap.add_argument("--force", action="store_true", help="replace outputs already in --out")
    a = ap.parse_args(argv)
    if a.replies < 1:
        ap.error("--replies must be at least 1")
    shapes = ["files", "jsonl", "text"] if a.shape == "all" else [a.shape]
    generate(a.replies, a.seed, a.out, shapes, a.force)


if __name__ == "__main__":
    main(sys.argv[1:])

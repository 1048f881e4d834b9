//! `Conversation`: what the sender knows about the thread a document answers.
//!
//! Built from the lint-request envelope (see `input::envelope`), or from defaults for plain text.
//! Conversation-aware checks skip when `thread` is `None` (plain text: nothing is known) and
//! never guess. Where the draft sits in the thread (whom it answers, whether it is the first
//! reply) is `Position`'s to say, derived once per document.

use serde::Serialize;

/// Who writes the reply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Author {
    /// A person.
    #[default]
    Agent,
    /// An automated sender.
    Bot,
}

impl Author {
    /// The envelope spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::Bot => "bot",
        }
    }
}

/// Why the message is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// An ordinary reply.
    #[default]
    Reply,
    /// The automatic first answer to a new message.
    InstantReply,
    /// Sent while nobody is available.
    AwayMessage,
}

impl Purpose {
    /// The envelope spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reply => "reply",
            Self::InstantReply => "instant-reply",
            Self::AwayMessage => "away-message",
        }
    }
}

/// Who can read the reply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Only the customer: a direct message, a chat, an e-mail.
    #[default]
    Private,
    /// Everyone: a reply on X, an answer to a Facebook or Instagram comment.
    Public,
}

impl Visibility {
    /// The envelope spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Public => "public",
        }
    }
}

/// Who wrote a thread message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The customer.
    Customer,
    /// The business (an agent or a bot).
    Business,
}

/// One earlier message of the thread.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// What it said.
    pub text: String,
    /// When it was sent, if known.
    pub at: Option<jiff::Timestamp>,
}

/// The channels the envelope accepts.
pub const CHANNELS: [&str; 8] = [
    "messenger",
    "instagram",
    "whatsapp",
    "sms",
    "email",
    "chat",
    "x",
    "apple",
];

/// Settings a project gives one channel (`[channels.<name>]` in `replylint.toml`); each replaces
/// the rule packs' default for that channel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ChannelSettings {
    /// Minutes a customer may wait on a private reply before the wait should be acknowledged.
    pub wait_minutes: Option<u32>,
    /// The same for public replies on this channel.
    pub public_wait_minutes: Option<u32>,
    /// Characters a public post holds (X: 280, more for accounts with longer posts).
    pub post_limit: Option<usize>,
}

/// What is known about the conversation a document belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct Conversation {
    /// Channel name, one of [`CHANNELS`].
    pub channel: String,
    /// Whether everyone can read the reply.
    pub visibility: Visibility,
    /// Who writes the reply.
    pub author: Author,
    /// Why it is sent.
    pub purpose: Purpose,
    /// Messenger message tag, if sent with one.
    pub tag: Option<String>,
    /// When the reply would be sent.
    pub now: jiff::Timestamp,
    /// The customer's name, if known.
    pub customer_name: Option<String>,
    /// Language of the draft, if the sender states it (ISO 639-1).
    pub language: Option<String>,
    /// Earlier messages, oldest first; `None` when no envelope was given.
    pub thread: Option<Vec<Message>>,
    /// The help desk whose export the document came from (`zendesk`, `helpscout`, …, from
    /// `placeholder::HELP_DESKS`), which decides the placeholder syntaxes that render.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_desk: Option<String>,
}

impl Conversation {
    /// A conversation whose reply would be sent at `now`, with the defaults otherwise (a
    /// private Messenger reply by an agent, no thread): the clock is the caller's, never read
    /// here.
    pub fn at(now: jiff::Timestamp) -> Self {
        Self {
            channel: "messenger".to_owned(),
            visibility: Visibility::Private,
            author: Author::Agent,
            purpose: Purpose::Reply,
            tag: None,
            now,
            customer_name: None,
            language: None,
            thread: None,
            help_desk: None,
        }
    }
}

impl Conversation {
    /// The defaults at the current time: the clock is read here, and only where a caller asks
    /// for it ([`Conversation::at`] takes the time, for a reproducible result).
    pub fn now() -> Self {
        Self::at(jiff::Timestamp::now())
    }

    /// Whether the thread is known (an envelope was given).
    pub fn is_known(&self) -> bool {
        self.thread.is_some()
    }

    /// Earlier messages (empty when unknown).
    pub fn messages(&self) -> &[Message] {
        self.thread.as_deref().unwrap_or(&[])
    }
}

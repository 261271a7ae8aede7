// Mirror of the C# hub contract in Chat.Server/Hubs/Contracts (VisitorHub, IVisitorClient, records, enums,
// HubErrors). Chat.Tests/Widget/ProtocolMirrorTests parses this file and fails when the two drift apart, so keep
// the shapes below simple: one field per line, `name: type;`, C# types mapped as
// Guid/DateTimeOffset/string -> string, int/long -> number, bool -> boolean, T? -> T | null, IReadOnlyList<T> -> T[].

// ---- enums (serialized as strings) ----
export const SenderRoles = ['Visitor', 'Agent', 'System'] as const;
export type SenderRole = (typeof SenderRoles)[number];
export const ModerationActions = ['Allow', 'Flag', 'Mask', 'Block'] as const;
export type ModerationAction = (typeof ModerationActions)[number];
export const ConversationStatuses = ['Queued', 'Active', 'Closed'] as const;
export type ConversationStatus = (typeof ConversationStatuses)[number];
export const CloseReasons = ['Resolved', 'Unresolved', 'VisitorEnded', 'LeftQueue', 'Terminated'] as const;
export type CloseReason = (typeof CloseReasons)[number];
export const StartChatOutcomes = ['Queued', 'Assigned', 'TicketOffered'] as const;
export type StartChatOutcome = (typeof StartChatOutcomes)[number];
export const TicketOfferReasons = ['AfterHours', 'NoAgentOnline', 'LongWait'] as const;
export type TicketOfferReason = (typeof TicketOfferReasons)[number];
export const TicketStatuses = ['Open', 'Pending', 'Resolved', 'Closed'] as const;
export type TicketStatus = (typeof TicketStatuses)[number];
export const TicketSources = ['ChatUnresolved', 'LeftQueue', 'NoAgentOnline', 'AfterHours', 'OfflineForm', 'Email'] as const;
export type TicketSource = (typeof TicketSources)[number];

// ---- hub errors: server messages arrive as "code: text" ----
export const HubErrors = {
  MessageEmpty: 'message_empty',
  MessageTooLong: 'message_too_long',
  RateLimited: 'rate_limited',
  Overloaded: 'overloaded',
  ConversationNotFound: 'conversation_not_found',
  NotYourConversation: 'not_your_conversation',
  ConversationClosed: 'conversation_closed',
  NotQueued: 'not_queued',
  InvalidTopic: 'invalid_topic',
  InvalidArgument: 'invalid_argument',
  PolicyNotAccepted: 'policy_not_accepted',
  AccountSuspended: 'account_suspended',
  ContentRejected: 'content_rejected',
  Forbidden: 'forbidden',
  SessionRevoked: 'session_revoked',
  AttachmentTypeNotAllowed: 'attachment_type_not_allowed',
  AttachmentTooLarge: 'attachment_too_large',
  AttachmentEmpty: 'attachment_empty',
  AttachmentNameMismatch: 'attachment_name_mismatch',
  AttachmentCorrupt: 'attachment_corrupt',
  AttachmentQuota: 'attachment_quota',
  AttachmentTooMany: 'attachment_too_many',
  AttachmentNotFound: 'attachment_not_found',
  AttachmentAlreadySent: 'attachment_already_sent',
  AttachmentLinkInvalid: 'attachment_link_invalid',
  AttachmentWithheld: 'attachment_withheld',
  AttachmentInfected: 'attachment_infected',
  AttachmentScanUnavailable: 'attachment_scan_unavailable',
} as const;

// ---- VisitorHub methods (name: parameter count) and IVisitorClient events ----
export const HubPath = '/hubs/visitor';
export const VisitorHubMethods = {
  StartChat: 1,
  ResumeChat: 0,
  SendMessage: 1,
  GetMessagesAfter: 2,
  Typing: 2,
  MarkRead: 2,
  LeaveQueue: 1,
  EndChat: 1,
} as const;
export type VisitorHubMethod = keyof typeof VisitorHubMethods;
export const VisitorClientEvents = [
  'QueueUpdated',
  'ChatAssigned',
  'ChatRequeued',
  'MessageReceived',
  'MessageReleased',
  'AttachmentWithheld',
  'AttachmentReleased',
  'Typing',
  'MessagesRead',
  'ChatClosed',
  'TicketOffered',
  'AccountSuspended',
] as const;
// (Written without parentheses so the mirror test does not read it as a contract enum.)
export type VisitorClientEvent = typeof VisitorClientEvents[number];

// ---- hub records ----
export interface StartChatRequest {
  topic: string;
  question: string | null;
}

export interface StartChatResult {
  outcome: StartChatOutcome;
  chat: ChatState | null;
  offerReason: TicketOfferReason | null;
}

export interface ChatState {
  conversationId: string;
  topic: string;
  status: ConversationStatus;
  agentName: string | null;
  queue: QueueStatus | null;
  lastSequence: number;
  startedAt: string;
}

export interface QueueStatus {
  conversationId: string;
  position: number;
  estimatedWaitSeconds: number;
  agentsOnline: number;
}

export interface ChatAssigned {
  conversationId: string;
  agentName: string;
  assignedAt: string;
}

export interface ChatRequeued {
  conversationId: string;
  reason: string;
  queue: QueueStatus;
}

export interface ChatClosed {
  conversationId: string;
  reason: CloseReason;
  ticketNumber: string | null;
  message: string | null;
  clause: string | null;
}

export interface TicketOffer {
  conversationId: string;
  reason: TicketOfferReason;
  message: string;
}

export interface LeaveQueueRequest {
  conversationId: string;
  createTicket: boolean;
  note: string | null;
}

export interface LeaveQueueResult {
  conversationId: string;
  ticketNumber: string | null;
}

export interface AccountSuspended {
  reason: string;
  clause: string | null;
  until: string | null;
}

export interface ChatMessage {
  conversationId: string;
  sequence: number;
  messageId: string;
  clientMessageId: string | null;
  sender: SenderRole;
  senderName: string;
  text: string | null;
  sentAt: string;
  moderation: ModerationNotice | null;
  releasedAt: string | null;
  attachments: AttachmentInfo[] | null;
}

export interface AttachmentInfo {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  image: boolean;
  width: number | null;
  height: number | null;
  withheld: boolean;
}

export interface UploadedAttachment {
  attachment: AttachmentInfo;
  duplicate: boolean;
}

export interface AttachmentLink {
  url: string;
  expiresAt: string;
}

export interface AttachmentWithheld {
  conversationId: string;
  sequence: number;
  attachmentId: string;
}

export interface AttachmentReleased {
  conversationId: string;
  sequence: number;
  attachment: AttachmentInfo;
}

export interface ModerationNotice {
  action: ModerationAction;
  categories: string[];
  clause: string | null;
  explanation: string | null;
}

export interface SendMessageRequest {
  conversationId: string;
  clientMessageId: string;
  text: string;
  attachmentIds: string[] | null;
}

export interface SendMessageResult {
  message: ChatMessage;
  delivered: boolean;
  duplicate: boolean;
}

export interface TypingEvent {
  conversationId: string;
  who: SenderRole;
  name: string;
  isTyping: boolean;
}

export interface ReadReceipt {
  conversationId: string;
  reader: SenderRole;
  upToSequence: number;
  readAt: string;
}

// ---- REST records ----
export interface RegisterVisitorRequest {
  name: string;
  email: string;
  phone: string | null;
  organization: string | null;
  acceptedPolicyVersion: number;
}

export interface VisitorSession {
  token: string;
  expiresAt: string;
  visitor: VisitorMe;
}

/** POST /api/visitors/me/token: a renewed token (the old one stays valid until it expires). */
export interface VisitorToken {
  token: string;
  expiresAt: string;
}

export interface VisitorMe {
  visitorId: string;
  name: string;
  email: string;
  phone: string | null;
  organization: string | null;
  acceptedPolicyVersion: number;
  currentPolicyVersion: number;
  status: string;
  statusReason: string | null;
  statusClause: string | null;
  emailVerified: boolean;
  pendingEmail: string | null;
  /** Set after a supervisor upheld moderation's flag on the name or agency: the visitor is asked to change it. */
  profileNotice: string | null;
}

export interface SignInCodeRequest {
  email: string;
}

export interface SignInRequest {
  email: string;
  code: string;
}

export interface VerifyEmailRequest {
  code: string;
}

export interface CodeSent {
  email: string;
  expiresInMinutes: number;
}

export interface UpdateEmailRequest {
  email: string;
}

/** PUT /api/visitors/me/profile: the name and agency staff see, moderated like at registration. */
export interface UpdateProfileRequest {
  name: string;
  organization: string | null;
}

export interface AcceptPolicyRequest {
  version: number;
}

export interface PolicyVersion {
  version: number;
  title: string;
  text: string;
  publishedAt: string;
}

export interface TopicInfo {
  id: string;
  name: string;
}

export interface ServiceStatus {
  withinBusinessHours: boolean;
  hoursDescription: string;
  topics: TopicAvailability[];
}

export interface TopicAvailability {
  topic: string;
  agentsOnline: number;
}

export interface CreateTicketRequest {
  topic: string;
  subject: string | null;
  message: string;
  attachmentIds: string[] | null;
}

export interface TicketSummary {
  number: string;
  topic: string;
  subject: string;
  status: TicketStatus;
  source: TicketSource;
  visitorId: string;
  visitorName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/visitors/me/tickets/{number}: the ticket, its public entries and the chat it came from. */
export interface TicketDetail {
  ticket: TicketSummary;
  entries: TicketEntry[];
  transcript: ChatMessage[];
}

export interface TicketEntry {
  id: string;
  author: SenderRole;
  authorName: string;
  text: string;
  internal: boolean;
  createdAt: string;
  attachments: AttachmentInfo[] | null;
  held: boolean;
}

/** POST /api/visitors/me/tickets/{number}/entries: the visitor's reply (internal is ignored for visitors). */
export interface AddTicketEntryRequest {
  text: string;
  internal: boolean;
  attachmentIds: string[] | null;
}

export interface RateConversationRequest {
  score: number;
  comment: string | null;
}

export interface ConversationRating {
  conversationId: string;
  score: number;
  comment: string | null;
  ratedAt: string;
}

/** A problem+json body from the REST API. */
export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
}

/** Splits a hub error "… HubException: code: text" into its code and text. */
export function parseHubError(message: string): { code: string | null; text: string } {
  const marker = 'HubException: ';
  const at = message.lastIndexOf(marker);
  const body = at >= 0 ? message.slice(at + marker.length) : message;
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(body);
  return match ? { code: match[1] ?? null, text: match[2] ?? body } : { code: null, text: body };
}

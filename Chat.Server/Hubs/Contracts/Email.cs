namespace Chat.Server.Hubs.Contracts;

/// <summary>POST /api/visitors/signin/code: send a sign-in code to this address (answered the same whether or not it is registered).</summary>
public sealed record SignInCodeRequest(string Email);

/// <summary>POST /api/visitors/signin: the address and the code from the email.</summary>
public sealed record SignInRequest(string Email, string Code);

/// <summary>POST /api/visitors/me/email/verify: the code that confirms the current or the new address.</summary>
public sealed record VerifyEmailRequest(string Code);

/// <summary>
/// 202 from sign-in-code requests, and from registration with an address that needs its owner's code: a code was
/// sent to <paramref name="Email"/> if it can be used there.
/// </summary>
/// <param name="Email">Where the code went.</param>
/// <param name="ExpiresInMinutes">How long the code works.</param>
public sealed record CodeSent(string Email, int ExpiresInMinutes);

/// <summary>POST /api/visitors/me/transcript: mail the transcript of one of the visitor's chats to their verified address.</summary>
public sealed record TranscriptRequest(Guid ConversationId);

using Chat.Server.Resources;

namespace Chat.Server.Infrastructure;

/// <summary>
/// A refusal with a stable code and a localised message. Hubs turn it into a HubException
/// (<c>"code: message"</c>), endpoints into an HTTP problem response with the code as an extension.
/// </summary>
public sealed class ChatError : Exception
{
    public ChatError(string code, int status, string message)
        : base(message)
    {
        Code = code;
        Status = status;
    }

    public ChatError()
    {
        Code = "error";
        Status = StatusCodes.Status400BadRequest;
    }

    public ChatError(string message)
        : base(message)
    {
        Code = "error";
        Status = StatusCodes.Status400BadRequest;
    }

    public ChatError(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "error";
        Status = StatusCodes.Status400BadRequest;
    }

    public string Code { get; }

    public int Status { get; }

    public static ChatError BadRequest(string code, string textKey, params object?[] args) =>
        new(code, StatusCodes.Status400BadRequest, Text.Get(textKey, args));

    public static ChatError NotFound(string code, string textKey, params object?[] args) =>
        new(code, StatusCodes.Status404NotFound, Text.Get(textKey, args));

    public static ChatError Forbidden(string code, string textKey, params object?[] args) =>
        new(code, StatusCodes.Status403Forbidden, Text.Get(textKey, args));

    public static ChatError Conflict(string code, string textKey, params object?[] args) =>
        new(code, StatusCodes.Status409Conflict, Text.Get(textKey, args));

    public static ChatError Unavailable(string code, string textKey, params object?[] args) =>
        new(code, StatusCodes.Status503ServiceUnavailable, Text.Get(textKey, args));

    public static ChatError TooMany(string code, string textKey, params object?[] args) =>
        new(code, StatusCodes.Status429TooManyRequests, Text.Get(textKey, args));
}

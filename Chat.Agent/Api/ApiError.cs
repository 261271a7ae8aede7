using System.Net;
using System.Text.Json;

namespace Chat.Agent.Api;

/// <summary>A refusal from Chat.Server: its stable code and the human text it sent (already in Indonesian).</summary>
public sealed class ApiError : Exception
{
    public ApiError(HttpStatusCode status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public ApiError()
    {
        Code = "error";
    }

    public ApiError(string message)
        : base(message)
    {
        Code = "error";
    }

    public ApiError(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "error";
    }

    public HttpStatusCode Status { get; }

    public string Code { get; }

    internal static async Task<ApiError> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var code = "error";
        var detail = $"Server menjawab {(int)response.StatusCode}.";
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
            {
                code = c.GetString()!;
            }

            if (doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String)
            {
                detail = d.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not a problem document; keep the status line.
        }

        return new ApiError(response.StatusCode, code, detail);
    }
}

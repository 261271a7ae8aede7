using Chat.Agent.Account;
using Chat.Agent.Api;
using Chat.Server.Hubs.Contracts;

namespace Chat.Agent.Attachments;

/// <summary>
/// Attachments in the console: the browser asks the console (signed in with its cookie) and the console fetches
/// the file from Chat.Server with the staff member's own token and a fresh short-lived link, so Chat.Server still
/// decides who may open what (and audits it). The answer keeps Chat.Server's safety headers.
/// </summary>
public static class AttachmentEndpoints
{
    public static IEndpointRouteBuilder MapConsoleAttachments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lampiran/{id:guid}", async (Guid id, bool? unduh, HttpContext http, IHttpClientFactory factory, CancellationToken ct) =>
        {
            var client = factory.CreateClient(ApiExtensions.ClientName);
            var token = http.User.StaffToken();
            using var linkRequest = new HttpRequestMessage(HttpMethod.Post, $"api/attachments/{id:D}/link");
            linkRequest.Headers.Authorization = new("Bearer", token);
            using var linkResponse = await client.SendAsync(linkRequest, ct);
            if (!linkResponse.IsSuccessStatusCode)
            {
                return Results.StatusCode((int)linkResponse.StatusCode);
            }

            var link = (await linkResponse.Content.ReadFromJsonAsync<AttachmentLink>(ChatApi.Json, ct))!;
            var request = new HttpRequestMessage(HttpMethod.Get, link.Url.TrimStart('/') + (unduh == true ? "&download=true" : string.Empty));
            request.Headers.Authorization = new("Bearer", token);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            http.Response.RegisterForDispose(request);
            http.Response.RegisterForDispose(response);
            if (!response.IsSuccessStatusCode)
            {
                return Results.StatusCode((int)response.StatusCode);
            }

            var headers = http.Response.Headers;
            headers.ContentDisposition = response.Content.Headers.ContentDisposition?.ToString();
            headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "private, no-store";
            return Results.Stream(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentType?.ToString());
        }).RequireAuthorization();
        return app;
    }
}

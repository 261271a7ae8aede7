using System.Net.Http.Headers;
using Chat.Agent.Account;

namespace Chat.Agent.Api;

/// <summary>
/// Files the console hands to the browser: fetched from Chat.Server with the signed-in supervisor's token (which never
/// reaches the browser) and streamed through, so the server audits the download as that supervisor.
/// </summary>
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/supervisor/pengungkapan/{id:guid}/arsip", async (Guid id, HttpContext http, IHttpClientFactory factory) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/supervision/disclosures/{id:D}/archive");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", http.User.StaffToken());
            var response = await factory.CreateClient(ApiExtensions.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    var error = await ApiError.ReadAsync(response, http.RequestAborted);
                    return Results.Text(error.Message, "text/plain; charset=utf-8", statusCode: (int)response.StatusCode);
                }
            }

            http.Response.RegisterForDispose(response);
            http.Response.Headers.CacheControl = "no-store";
            if (response.Headers.TryGetValues("X-Content-SHA256", out var hash))
            {
                http.Response.Headers["X-Content-SHA256"] = hash.First();
            }

            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? $"pengungkapan-{id:N}.zip";
            return Results.Stream(await response.Content.ReadAsStreamAsync(http.RequestAborted), "application/zip", name);
        }).RequireAuthorization(StaffUser.SupervisorPolicy);
        return app;
    }
}

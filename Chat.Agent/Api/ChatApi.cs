using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Agent.Account;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Components.Authorization;

namespace Chat.Agent.Api;

/// <summary>Chat.Server's REST API as the signed-in staff member (the bearer token from the sign-in cookie).</summary>
public sealed class ChatApi(IHttpClientFactory factory, AuthenticationStateProvider auth)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<StaffMember>>("api/staff", ct);

    public Task<StaffMember> CreateStaffAsync(CreateStaffRequest request, CancellationToken ct = default) =>
        SendAsync<StaffMember>(HttpMethod.Post, "api/staff", request, ct);

    public Task<StaffMember> SetStaffActiveAsync(Guid id, bool active, CancellationToken ct = default) =>
        SendAsync<StaffMember>(HttpMethod.Post, $"api/supervision/staff/{id:D}/active", new SetStaffActiveRequest(active), ct);

    public Task ResetStaffPasswordAsync(Guid id, string password, CancellationToken ct = default) =>
        SendAsync<JsonElement?>(HttpMethod.Post, $"api/supervision/staff/{id:D}/password", new ResetStaffPasswordRequest(password), ct);

    public Task<StaffMember> MeAsync(CancellationToken ct = default) =>
        GetAsync<StaffMember>("api/staff/me", ct);

    public Task<TwoFactorEnrolment> StartTwoFactorAsync(CancellationToken ct = default) =>
        SendAsync<TwoFactorEnrolment>(HttpMethod.Post, "api/staff/me/two-factor", new { }, ct);

    public Task<TwoFactorEnabled> ConfirmTwoFactorAsync(string code, CancellationToken ct = default) =>
        SendAsync<TwoFactorEnabled>(HttpMethod.Post, "api/staff/me/two-factor/confirm", new TwoFactorConfirmRequest(code), ct);

    public Task ResetTwoFactorAsync(Guid id, CancellationToken ct = default) =>
        SendAsync<JsonElement?>(HttpMethod.Delete, $"api/staff/{id:D}/two-factor", null, ct);

    public Task<IReadOnlyList<ReviewItem>> ReviewQueueAsync(ReviewStatus status, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ReviewItem>>("api/moderation/review?limit=200&status=" + status.ToString().ToLowerInvariant(), ct);

    public Task<ReviewItem> DecideReviewAsync(Guid id, ReviewDecision decision, string? note, CancellationToken ct = default) =>
        SendAsync<ReviewItem>(HttpMethod.Post, $"api/moderation/review/{id:D}", new ReviewDecisionRequest(decision, note), ct);

    public Task<IReadOnlyList<ContentReviewItem>> ContentQueueAsync(ReviewStatus status, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ContentReviewItem>>("api/moderation/content?limit=200&status=" + status.ToString().ToLowerInvariant(), ct);

    public Task<ContentReviewItem> DecideContentAsync(Guid id, ReviewDecision decision, string? note, CancellationToken ct = default) =>
        SendAsync<ContentReviewItem>(HttpMethod.Post, $"api/moderation/content/{id:D}", new ReviewDecisionRequest(decision, note), ct);

    public Task<MarkHarmfulResult> MarkHarmfulAsync(Guid messageId, string category, string? note, CancellationToken ct = default) =>
        SendAsync<MarkHarmfulResult>(HttpMethod.Post, $"api/moderation/messages/{messageId:D}/harmful", new MarkHarmfulRequest(category, note), ct);

    public Task<VisitorModerationHistory> ModerationHistoryAsync(Guid visitorId, CancellationToken ct = default) =>
        GetAsync<VisitorModerationHistory>($"api/moderation/visitors/{visitorId:D}/history", ct);

    public Task<VisitorModerationHistory> LiftSuspensionAsync(Guid visitorId, string? note, CancellationToken ct = default) =>
        SendAsync<VisitorModerationHistory>(HttpMethod.Post, $"api/moderation/visitors/{visitorId:D}/lift", new LiftSuspensionRequest(note), ct);

    public Task<IReadOnlyList<AgentLoad>> TransferTargetsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AgentLoad>>("api/transfers/targets", ct);

    public Task<IReadOnlyList<TicketSummary>> TicketsAsync(TicketStatus? status, string? topic, Guid? assignee, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (status is { } s)
        {
            query.Add("status=" + s);
        }

        if (!string.IsNullOrEmpty(topic))
        {
            query.Add("topic=" + Uri.EscapeDataString(topic));
        }

        if (assignee is { } a)
        {
            query.Add("assignee=" + a.ToString("D", CultureInfo.InvariantCulture));
        }

        return GetAsync<IReadOnlyList<TicketSummary>>("api/tickets" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty), ct);
    }

    public Task<TicketDetail> TicketAsync(string number, CancellationToken ct = default) =>
        GetAsync<TicketDetail>("api/tickets/" + Uri.EscapeDataString(number), ct);

    public Task<TicketDetail> UpdateTicketAsync(string number, UpdateTicketRequest request, CancellationToken ct = default) =>
        SendAsync<TicketDetail>(HttpMethod.Patch, "api/tickets/" + Uri.EscapeDataString(number), request, ct);

    public Task<TicketDetail> AddTicketEntryAsync(string number, AddTicketEntryRequest request, CancellationToken ct = default) =>
        SendAsync<TicketDetail>(HttpMethod.Post, "api/tickets/" + Uri.EscapeDataString(number) + "/entries", request, ct);

    public Task<IReadOnlyList<TopicInfo>> TopicsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<TopicInfo>>("api/topics", ct);

    public Task<IReadOnlyList<CannedAnswer>> CannedAnswersAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<CannedAnswer>>("api/canned-answers", ct);

    public Task<CannedAnswer> SaveCannedAnswerAsync(string shortcut, SaveCannedAnswerRequest request, CancellationToken ct = default) =>
        SendAsync<CannedAnswer>(HttpMethod.Put, "api/canned-answers/" + Uri.EscapeDataString(shortcut), request, ct);

    public Task DeleteCannedAnswerAsync(string shortcut, CancellationToken ct = default) =>
        SendAsync<JsonElement?>(HttpMethod.Delete, "api/canned-answers/" + Uri.EscapeDataString(shortcut), null, ct);

    public Task<VisitorHistory> VisitorHistoryAsync(Guid visitorId, CancellationToken ct = default) =>
        GetAsync<VisitorHistory>($"api/staff/visitors/{visitorId:D}/history", ct);

    public Task<IReadOnlyList<VisitorSearchResult>> SearchVisitorsAsync(string query, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<VisitorSearchResult>>("api/supervision/visitors?q=" + Uri.EscapeDataString(query), ct);

    public Task<PolicyVersion> CurrentPolicyAsync(CancellationToken ct = default) =>
        GetAsync<PolicyVersion>("api/policy/current", ct);

    public Task<PolicyVersion> PublishPolicyAsync(PublishPolicyRequest request, CancellationToken ct = default) =>
        SendAsync<PolicyVersion>(HttpMethod.Post, "api/supervision/policy", request, ct);

    public Task<DisclosureView> RequestDisclosureAsync(Guid visitorId, DisclosureRequestForm form, CancellationToken ct = default) =>
        SendAsync<DisclosureView>(HttpMethod.Post, $"api/supervision/visitors/{visitorId:D}/disclosures", form, ct);

    public Task<IReadOnlyList<DisclosureView>> DisclosuresAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<DisclosureView>>("api/supervision/disclosures", ct);

    public Task<DisclosureView> DecideDisclosureAsync(Guid id, DisclosureDecision decision, CancellationToken ct = default) =>
        SendAsync<DisclosureView>(HttpMethod.Post, $"api/supervision/disclosures/{id:D}/decision", decision, ct);

    public Task CloseDisclosureAsync(Guid id, CancellationToken ct = default) =>
        SendAsync<JsonElement?>(HttpMethod.Post, $"api/supervision/disclosures/{id:D}/close", null, ct);

    public Task CloseVisitorAsync(Guid visitorId, CloseVisitorRequest request, CancellationToken ct = default) =>
        SendAsync<JsonElement?>(HttpMethod.Post, $"api/supervision/visitors/{visitorId:D}/close", request, ct);

    public Task<IReadOnlyList<AuditEntryView>> SearchAuditAsync(string? actor, string? action, Guid? subject, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct = default)
    {
        var query = new List<string> { "limit=200" };
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(key + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }

        Add("actor", actor);
        Add("action", action);
        Add("subject", subject?.ToString("D"));
        Add("from", from?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", to?.ToString("O", CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<AuditEntryView>>("api/supervision/audit?" + string.Join('&', query), ct);
    }

    public Task<BackupStatus> BackupStatusAsync(CancellationToken ct = default) =>
        GetAsync<BackupStatus>("api/supervision/backups/status", ct);

    /// <summary>
    /// Streams a file to Chat.Server as an upload to <paramref name="target"/> (<c>conversationId=…</c> or <c>ticket=TL-…</c>);
    /// <paramref name="progress"/> hears the bytes sent.
    /// </summary>
    public async Task<UploadedAttachment> UploadAsync(string target, string name, Stream content, long size, IProgress<long>? progress, CancellationToken ct = default)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/attachments?{target}&name={Uri.EscapeDataString(name)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.StaffToken());
        request.Content = new StreamContent(new ProgressStream(content, progress), 64 * 1024);
        request.Content.Headers.ContentLength = size;
        using var response = await factory.CreateClient(ApiExtensions.ClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiError.ReadAsync(response, ct);
        }

        return (await response.Content.ReadFromJsonAsync<UploadedAttachment>(Json, ct))!;
    }

    public Task WithholdAttachmentAsync(Guid id, string category, string? note, CancellationToken ct = default) =>
        SendAsync<JsonElement?>(HttpMethod.Post, $"api/attachments/{id:D}/withhold", new WithholdAttachmentRequest(category, note), ct);

    private async Task<T> GetAsync<T>(string path, CancellationToken ct) => await SendAsync<T>(HttpMethod.Get, path, null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, body, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default!;
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.StaffToken());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        var response = await factory.CreateClient(ApiExtensions.ClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ApiError.ReadAsync(response, ct);
            }
        }

        return response;
    }
}

using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Security;

namespace Chat.Server.Disclosure;

/// <summary>Disclosure settings (section <c>Disclosure</c>).</summary>
public sealed class DisclosureOptions
{
    public const string Section = "Disclosure";

    /// <summary>When true (the default), a second supervisor approves a request before its archive can be taken.</summary>
    public bool RequireSecondApproval { get; set; } = true;
}

/// <summary>
/// Lawful disclosure (policy clause 5), for supervisors: record a request (the archive is made then, and its hash
/// audited), a second supervisor approves or rejects it, the archive is taken (audited again), the request is closed.
/// </summary>
public static class DisclosureEndpoints
{
    private const int MaxField = 300;

    public static WebApplicationBuilder AddDisclosure(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DisclosureOptions>().BindConfiguration(DisclosureOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DisclosureOptions>>().Value);
        builder.Services.AddSingleton<DisclosureStore>();
        builder.Services.AddSingleton<DisclosureArchive>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDisclosure(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervision").RequireAuthorization(ChatClaims.SupervisorPolicy);
        group.MapPost("/visitors/{id:guid}/disclosures", RequestAsync);
        group.MapGet("/disclosures", async (Guid? visitor, bool? open, DisclosureStore store, CancellationToken ct) =>
            (await store.ListAsync(visitor, open ?? false, 200, ct)).Select(r => r.ToView()).ToList());
        group.MapGet("/disclosures/{id:guid}", async (Guid id, DisclosureStore store, CancellationToken ct) =>
            (await store.GetAsync(id, ct))?.ToView() ?? throw ChatError.NotFound("disclosure_not_found", "DisclosureNotFound"));
        group.MapPost("/disclosures/{id:guid}/decision", DecideAsync);
        group.MapGet("/disclosures/{id:guid}/archive", ArchiveAsync);
        group.MapPost("/disclosures/{id:guid}/close", async (Guid id, DisclosureStore store, ClaimsPrincipal user, CancellationToken ct) =>
            await store.CloseAsync(id, user.Id(), ct)
                ? Results.NoContent()
                : throw ChatError.NotFound("disclosure_not_found", "DisclosureNotFound"));
        return app;
    }

    private static async Task<IResult> RequestAsync(
        Guid id,
        DisclosureRequestForm form,
        DisclosureArchive archives,
        DisclosureStore store,
        DisclosureOptions options,
        StaffStore staff,
        TimeProvider time,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        var authority = HumanText.Clean(form.Authority);
        var reference = HumanText.Clean(form.Reference);
        var legalBasis = HumanText.Clean(form.LegalBasis);
        if (string.IsNullOrEmpty(authority) || authority.Length > MaxField
            || string.IsNullOrEmpty(reference) || reference.Length > MaxField
            || string.IsNullOrEmpty(legalBasis) || legalBasis.Length > MaxField)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "DisclosureFieldsRequired", MaxField);
        }

        var requester = await staff.GetAsync(user.Id(), ct) ?? throw ChatError.Forbidden(HubErrors.Forbidden, "Forbidden");
        var header = new DisclosureHeader(Guid.CreateVersion7(), authority, reference, legalBasis, requester.Id, requester.DisplayName, time.GetUtcNow());
        var archive = await archives.BuildAsync(id, header, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
        await store.RecordAsync(new NewDisclosure(header.RequestId, id, authority, reference, legalBasis, requester.Id, header.RequestedAt,
            archive, SHA256.HashData(archive), Approved: !options.RequireSecondApproval), ct);
        var view = (await store.GetAsync(header.RequestId, ct))!.ToView();
        return Results.Created($"/api/supervision/disclosures/{view.Id}", view);
    }

    private static async Task<DisclosureView> DecideAsync(Guid id, DisclosureDecision decision, DisclosureStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var note = string.IsNullOrWhiteSpace(decision.Note) ? null : HumanText.Clean(decision.Note);
        if (note is { Length: > MaxField })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "DisclosureNoteTooLong", MaxField);
        }

        var request = await store.GetAsync(id, ct) ?? throw ChatError.NotFound("disclosure_not_found", "DisclosureNotFound");
        if (request.RequestedBy == user.Id())
        {
            // Separation of duties: whoever recorded the request never approves it.
            throw ChatError.Forbidden("disclosure_second_supervisor", "DisclosureNeedsSecondSupervisor");
        }

        var decided = await store.DecideAsync(id, user.Id(), decision.Approve, note, ct)
            ?? throw ChatError.Conflict("disclosure_decided", "DisclosureAlreadyDecided");
        return decided.ToView();
    }

    private static async Task<IResult> ArchiveAsync(Guid id, DisclosureStore store, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var request = await store.GetAsync(id, ct) ?? throw ChatError.NotFound("disclosure_not_found", "DisclosureNotFound");
        if (request.State != DisclosureStatus.Approved)
        {
            throw ChatError.Conflict("disclosure_not_approved", "DisclosureNotApproved");
        }

        var archive = await store.TakeArchiveAsync(id, user.Id(), ct) ?? throw ChatError.Conflict("disclosure_not_approved", "DisclosureNotApproved");
        http.Response.Headers["X-Content-SHA256"] = request.Sha256Hex;
        http.Response.Headers.CacheControl = "no-store";
        var name = string.Create(CultureInfo.InvariantCulture, $"pengungkapan-{request.RequestedAt:yyyyMMdd}-{request.Id:N}.zip");
        return Results.File(archive, "application/zip", name);
    }
}

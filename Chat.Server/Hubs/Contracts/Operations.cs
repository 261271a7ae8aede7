namespace Chat.Server.Hubs.Contracts;

/// <summary>One entry of the audit log, as supervisors search it (GET /api/supervision/audit).</summary>
/// <param name="Id">Position in the hash chain.</param>
/// <param name="At">When (UTC).</param>
/// <param name="ActorKind"><c>staff</c>, <c>system</c> or <c>operator</c> (a command run on the server).</param>
/// <param name="ActorId">The staff member, when a person acted.</param>
/// <param name="ActorName">Their display name and username at the time of the search.</param>
/// <param name="Action">What was done, e.g. <c>visitor.export</c>, <c>staff.signin.failed</c>.</param>
/// <param name="SubjectId">The visitor, staff member, conversation or review item it concerns.</param>
/// <param name="Details">The recorded details as JSON text (never rendered as markup).</param>
public sealed record AuditEntryView(long Id, DateTimeOffset At, string ActorKind, Guid? ActorId, string? ActorName, string Action, Guid? SubjectId, string Details);

/// <summary>The newest backup as the supervisor dashboard shows it.</summary>
/// <param name="Last">The newest backup run (successful or not), or null when none ran yet.</param>
/// <param name="LastSuccessAt">When the newest good backup finished.</param>
/// <param name="MaxAge">How old the newest good backup may be before the dashboard warns.</param>
/// <param name="Stale">True when there is no good backup younger than <paramref name="MaxAge"/>.</param>
public sealed record BackupStatus(BackupRecord? Last, DateTimeOffset? LastSuccessAt, TimeSpan MaxAge, bool Stale);

/// <summary>One backup run.</summary>
/// <param name="Id">Its id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Kind"><c>daily</c>, <c>weekly</c> or <c>manual</c>.</param>
/// <param name="Ok">True when the dump was written and <c>pg_restore --list</c> read it back.</param>
/// <param name="File">The dump's file name in the backup folder.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Sha256">Its checksum (hex).</param>
/// <param name="Error">Why it failed.</param>
public sealed record BackupRecord(Guid Id, DateTimeOffset StartedAt, TimeSpan Duration, string Kind, bool Ok, string? File, long SizeBytes, string? Sha256, string? Error);

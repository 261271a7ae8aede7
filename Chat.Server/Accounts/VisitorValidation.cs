using System.Net.Mail;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;

namespace Chat.Server.Accounts;

/// <summary>Checks and tidies what a visitor types into the registration form.</summary>
public static class VisitorValidation
{
    public static RegisterVisitorRequest Normalise(RegisterVisitorRequest request) =>
        new(Name(request.Name), Email(request.Email), Phone(request.Phone), Organization(request.Organization), request.AcceptedPolicyVersion);

    /// <summary>The name and agency of a profile change, with the limits of registration.</summary>
    public static (string Name, string? Organization) Profile(UpdateProfileRequest request) => (Name(request.Name), Organization(request.Organization));

    private static string Name(string? raw)
    {
        var name = Clean(raw);
        return name is null || name.Length is < 2 or > 100 ? throw ChatError.BadRequest(HubErrors.InvalidArgument, "NameRequired") : name;
    }

    private static string? Organization(string? raw)
    {
        var organization = Clean(raw);
        return organization is { Length: > 150 } ? throw ChatError.BadRequest(HubErrors.InvalidArgument, "OrganizationTooLong") : organization;
    }

    public static string Email(string? raw)
    {
        var email = Clean(raw);
        if (email is null || email.Length > 254 || email.Contains(' ', StringComparison.Ordinal) || !MailAddress.TryCreate(email, out var parsed)
            || !string.Equals(parsed.Address, email, StringComparison.Ordinal) || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "EmailInvalid");
        }

        return email;
    }

    private static string? Phone(string? raw)
    {
        var phone = Clean(raw);
        if (phone is null)
        {
            return null;
        }

        var compact = string.Concat(phone.Where(c => c is not (' ' or '-' or '(' or ')' or '.')));
        var digits = compact.StartsWith('+') ? compact[1..] : compact;
        if (digits.Length is < 8 or > 15 || !digits.All(char.IsAsciiDigit))
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "PhoneInvalid");
        }

        return compact;
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Control, bidi-override and zero-width characters have no place in a name or an address; collapse runs of spaces.
        var chars = (Security.HumanText.Clean(value) ?? string.Empty).Where(c => !char.IsControl(c)).ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}

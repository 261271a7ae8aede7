using System.Net;
using System.Net.Sockets;

namespace Chat.Server.Accounts;

/// <summary>The key a client address is counted under: IPv4 as is, IPv6 by its /64 (one subscriber's whole prefix).</summary>
public static class ClientAddress
{
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string Key(HttpContext http) => Key(http.Connection.RemoteIpAddress);

    /// <summary>The address as recorded in the audit log.</summary>
    public static string? Raw(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}

using System.Net.Sockets;
using System.Text;

namespace Wharf.Testing.Server;

/// <summary>
/// One HTTP/1.1 request written by hand on a socket, for what no well-behaved client sends: a body that ends before
/// its Content-Length. The client sends the bytes it has and then nothing, with the connection open, until the
/// server gives up on the body (Kestrel's minimum data rate, after its grace period) and answers.
/// </summary>
public static class RawHttpRequest
{
    public sealed record Answer(int Status, string Headers, string Body);

    public static async Task<Answer> SendShortBodyAsync(
        Uri server, string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body, long declaredLength)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Content-Length: ").Append(declaredLength).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token);
        var text = Encoding.UTF8.GetString(response.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        return new Answer(int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text[..split], text[(split + 4)..]);
    }
}

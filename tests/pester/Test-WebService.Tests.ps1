BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    # A real HTTP server on this computer, answering every request with what the test sets, so that
    # the script's own Invoke-WebRequest runs as it would against the Orchestrator web service.
    if (-not ('WizardPester.HttpServer' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace WizardPester {
    public sealed class HttpServer : IDisposable {
        readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        public readonly List<string> Requests = new List<string>();
        public string Status = "200 OK";
        public string Body = "";
        public bool Chunked;
        public int Port { get { return ((IPEndPoint)listener.LocalEndpoint).Port; } }

        public HttpServer() {
            listener.Start();
            var thread = new Thread(Serve);
            thread.IsBackground = true;
            thread.Start();
        }

        void Serve() {
            while (true) {
                TcpClient client;
                try { client = listener.AcceptTcpClient(); } catch (SocketException) { return; } catch (ObjectDisposedException) { return; }
                using (client) {
                    var stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII);
                    var requestLine = reader.ReadLine();
                    string header;
                    do { header = reader.ReadLine(); } while (!string.IsNullOrEmpty(header));
                    lock (Requests) { Requests.Add(requestLine); }
                    var body = Encoding.UTF8.GetBytes(Body);
                    var length = Chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.Length;
                    var head = Encoding.ASCII.GetBytes(string.Format(
                        "HTTP/1.1 {0}\r\nContent-Type: text/html; charset=utf-8\r\n{1}\r\nConnection: close\r\n\r\n", Status, length));
                    stream.Write(head, 0, head.Length);
                    if (Chunked) {
                        var size = Encoding.ASCII.GetBytes(body.Length.ToString("X") + "\r\n");
                        stream.Write(size, 0, size.Length);
                    }
                    stream.Write(body, 0, body.Length);
                    if (Chunked) {
                        var end = Encoding.ASCII.GetBytes("\r\n0\r\n\r\n");
                        stream.Write(end, 0, end.Length);
                    }
                }
            }
        }

        public void Dispose() { listener.Stop(); }
    }
}
'@
    }
    $server = New-Object WizardPester.HttpServer
    $url = "http://127.0.0.1:$($server.Port)/Orchestrator2012/Orchestrator.svc/Runbooks?`$top=1"
}

AfterAll {
    $server.Dispose()
}

Describe 'Test-WebService.ps1' {
    It 'answers answered with the status of a service that replies' {
        $server.Status = '200 OK'
        $server.Body = '<feed />'
        $result = Invoke-WizardScript 'Test-WebService.ps1' @{ Url = $url }
        $result.answered | Should -BeTrue
        $result.status | Should -Be 200
        $result.detail | Should -Be "$url answered HTTP 200 OK."
        $server.Requests[-1] | Should -Be 'GET /Orchestrator2012/Orchestrator.svc/Runbooks?$top=1 HTTP/1.1'
    }

    It 'answers answered for a service that asks for credentials: it is running' {
        $server.Status = '401 Unauthorized'
        $server.Body = 'Unauthorized'
        $result = Invoke-WizardScript 'Test-WebService.ps1' @{ Url = $url }
        $result.answered | Should -BeTrue
        $result.status | Should -Be 401
        $result.detail | Should -Be "$url answered HTTP 401 Unauthorized. It is running and asks for credentials."
    }

    It 'answers not answered for a server error, with the words of the error page' {
        $server.Status = '500 Internal Server Error'
        $server.Body = "<html><head><title>Runtime Error</title></head><body><h1>Server Error</h1>`r`n<p>Login failed for user 'CONTOSO\svc-orch'.</p></body></html>"
        $result = Invoke-WizardScript 'Test-WebService.ps1' @{ Url = $url }
        $result.answered | Should -BeFalse
        $result.status | Should -Be 500
        # PowerShell 7 takes the tags out of an HTML error itself (without a space between elements);
        # for Windows PowerShell the script does.
        $result.detail | Should -Match "^$([regex]::Escape("$url answered HTTP 500 Internal Server Error. Runtime Error"))"
        $result.detail | Should -Match "Login failed for user 'CONTOSO\\svc-orch'\.$"
        $result.detail | Should -Not -Match '[<>]|\s\s'
    }

    It 'reports the words of an error page sent in chunks, of no length known beforehand' {
        $server.Status = '500 Internal Server Error'
        $server.Body = 'Cannot open database "Orchestrator" requested by the login.'
        $server.Chunked = $true
        try {
            $result = Invoke-WizardScript 'Test-WebService.ps1' @{ Url = $url }
        } finally {
            $server.Chunked = $false
        }
        $result.answered | Should -BeFalse
        $result.detail | Should -Be "$url answered HTTP 500 Internal Server Error. Cannot open database `"Orchestrator`" requested by the login."
    }

    It 'shortens a long error page to 500 characters' {
        $server.Status = '503 Service Unavailable'
        $server.Body = 'x' * 2000
        $result = Invoke-WizardScript 'Test-WebService.ps1' @{ Url = $url }
        $result.answered | Should -BeFalse
        $result.detail | Should -Be ("$url answered HTTP 503 Service Unavailable. " + ('x' * 500) + '...')
    }

    It 'answers not answered, and why, when nothing listens at the address' {
        $closed = New-Object Net.Sockets.TcpListener ([Net.IPAddress]::Loopback), 0
        $closed.Start()
        $port = $closed.LocalEndpoint.Port
        $closed.Stop()
        $nowhere = "http://127.0.0.1:$port/Orchestrator2012/Orchestrator.svc"
        $result = Invoke-WizardScript 'Test-WebService.ps1' @{ Url = $nowhere }
        $result.ok | Should -BeTrue
        $result.answered | Should -BeFalse
        $result.status | Should -BeNullOrEmpty
        $result.PSObject.Properties.Name | Should -Contain 'status'
        $result.detail | Should -Match "^$([regex]::Escape($nowhere)) did not answer"
    }
}

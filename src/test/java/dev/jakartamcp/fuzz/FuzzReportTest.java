package dev.jakartamcp.fuzz;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which server log records {@link HostileRequestsIT} holds against the WAR: Payara's and Liberty's formats. */
class FuzzReportTest {
    static final String PAYARA_CONNECTOR = """
            [2026-12-05T06:57:44.908+0000] [] [SEVERE] [AS-WEB-CORE-00037] [jakarta.enterprise.web.core] [tid: _ThreadID=63] [levelValue: 1000] [[
              An exception or error occurred in the container during the request processing
            java.lang.Exception: Host is not set
            \tat org.glassfish.grizzly.http.server.util.Mapper.map(Mapper.java:787)
            \tat org.apache.catalina.connector.CoyoteAdapter.postParseRequest(CoyoteAdapter.java:520)]]
            """;
    static final String PAYARA_WAR = """
            [2026-12-05T06:57:45.001+0000] [] [SEVERE] [] [dev.jakartamcp.transport.JsonHttpErrors] [tid: _ThreadID=64] [levelValue: 1000] [[
              Unexpected failure of a JAX-RS request
            java.lang.NumberFormatException: For input string: ""]]
            """;
    static final String PAYARA_WAR_WARNING = """
            [2026-12-05T06:57:45.002+0000] [] [WARNING] [] [dev.jakartamcp.transport.StreamLog] [tid: _ThreadID=65] [levelValue: 900] [[
              A slow consumer's stream was ended]]
            """;
    static final String LIBERTY_CONNECTOR = """
            [12/5/26, 7:14:37:791 UTC] 00000022 com.ibm.ws.webcontainer.srt                                  E SRVE0315E: An exception occurred: java.lang.Throwable: java.io.IOException: CWWWC0005I: The request URI has invalid characters
            \tat com.ibm.ws.webcontainer.webapp.WebApp.handleRequest(WebApp.java:5164)
            """;
    static final String LIBERTY_WAR_LOGGER = """
            [12/5/26, 7:32:03:410 UTC] 00000059 dev.jakartamcp.transport.ErrorPageServlet                    E Uncaught failure answered with 500
            com.ibm.wsspi.http.channel.exception.WriteBeyondContentLengthException
            \tat com.ibm.ws.http.channel.internal.outbound.HttpOutputStreamImpl.writeToBuffers(HttpOutputStreamImpl.java:326)
            """;
    static final String LIBERTY_WAR_FRAME = """
            [12/5/26, 7:14:37:889 UTC] 00000054 com.ibm.ws.webcontainer.util.ApplicationErrorUtils           E SRVE0777E: Exception thrown by application class 'x.writeToBuffers:326'
            com.ibm.wsspi.http.channel.exception.WriteBeyondContentLengthException
            \tat com.ibm.ws.webcontainer.osgi.response.WCOutputStream.write(WCOutputStream.java:254)
            \tat dev.jakartamcp.ops.MetricsServlet.answer(MetricsServlet.java:119)
            """;
    static final String LIBERTY_COMMITTED = """
            [12/5/26, 7:32:03:389 UTC] 00000024 com.ibm.ws.webcontainer.srt                                  W SRVE8115W: WARNING: Cannot set status. Response already committed.
            """;
    static final String LIBERTY_RESTEASY = """
            [12/5/26, 7:23:51:167 UTC] 00000039 org.jboss.resteasy.resteasy_jaxrs.i18n                       W RESTEASY002130: Failed to parse request.
            java.lang.IllegalArgumentException: RESTEASY003340: Failure parsing MediaType string: ]Fpjl
            \tat org.jboss.resteasy.plugins.delegates.MediaTypeHeaderDelegate.internalParse(MediaTypeHeaderDelegate.java:90)
            """;

    @Test
    void theConnectorsRecordsAndTheWarsWarningsAreNotHeldAgainstIt() {
        assertEquals(List.of(), FuzzReport.causedByTheWar(PAYARA_CONNECTOR + PAYARA_WAR_WARNING + LIBERTY_CONNECTOR));
    }

    @Test
    void severeRecordsOfTheWarsLoggersOrWithItsCodeInTheTraceAre() {
        List<String> payara = FuzzReport.causedByTheWar(PAYARA_CONNECTOR + PAYARA_WAR + PAYARA_WAR);
        assertEquals(1, payara.size(), payara::toString);
        assertTrue(payara.get(0).startsWith("2x SEVERE Unexpected failure of a JAX-RS request"), payara::toString);

        List<String> liberty = FuzzReport.causedByTheWar(LIBERTY_CONNECTOR + LIBERTY_WAR_LOGGER + LIBERTY_WAR_FRAME);
        assertEquals(2, liberty.size(), liberty::toString);
        assertTrue(liberty.get(0).startsWith("1x SEVERE Uncaught failure answered with #"), "the logger column counts: " + liberty);
        assertTrue(liberty.get(1).startsWith("1x SEVERE SRVE#E: Exception thrown by application class"), liberty::toString);
    }

    @Test
    void parseWarningsAndSecondAnswersAre() {
        List<String> caused = FuzzReport.causedByTheWar(LIBERTY_RESTEASY + LIBERTY_COMMITTED + LIBERTY_COMMITTED);
        assertEquals(List.of("1x WARNING RESTEASY#: Failed to parse request. / java.lang.IllegalArgumentException: RESTEASY#: Failure parsing MediaType string: ]Fpjl",
                "2x WARNING SRVE#W: WARNING: Cannot set status. Response already committed."), caused);
    }

    @Test
    void payaraRecordsWithAStackTraceAreCountedByLogger() {
        String log = PAYARA_CONNECTOR + PAYARA_CONNECTOR + PAYARA_WAR + PAYARA_WAR_WARNING + LIBERTY_CONNECTOR + """
                [2026-12-05T06:57:46.000+0000] [] [WARNING] [] [org.glassfish.grizzly.filterchain.DefaultFilterChain] [tid: _ThreadID=75] [levelValue: 900] [[
                  GRIZZLY0013: Exception during FilterChain execution
                org.glassfish.grizzly.http.HttpBrokenContentException: Unexpected HTTP chunk header
                \tat org.glassfish.grizzly.http.ChunkedTransferEncoding.parseHttpChunkLength(ChunkedTransferEncoding.java:265)
                \tat org.glassfish.grizzly.http.ChunkedTransferEncoding.parsePacket(ChunkedTransferEncoding.java:103)]]
                """;
        assertEquals(java.util.Map.of("jakarta.enterprise.web.core", 2, "org.glassfish.grizzly.filterchain.DefaultFilterChain", 1),
                FuzzReport.stackTracesByLogger(log));
    }
}

package dev.barrage.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The /proc/net/tcp scan: only established connections to the server's port count. */
class SocketBacklogTest {
    private static final String TABLE = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:2261 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
               1: 0100007F:9C40 0100007F:2261 01 00000000:00000400 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
               2: 0100007F:9C41 0100007F:2261 01 00000010:0000000A 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1
               3: 0100007F:9C42 0100007F:2261 06 00000000:00001000 00:00000000 00000000     0        0 4 1 0 20 4 30 10 -1
               4: 0100007F:9C43 0100007F:12261 01 00000000:00002000 00:00000000 00000000     0        0 5 1 0 20 4 30 10 -1
               5: 0100007F:2261 0100007F:9C40 01 00000000:00000100 00:00000000 00000000     0        0 6 1 0 20 4 30 10 -1
            """;

    @Test
    void sumsTheReceiveQueuesOfEstablishedConnectionsToThePort() {
        SocketBacklog backlog = new SocketBacklog(0x2261);
        // rows 1 and 2: 0x400 + 0xA; row 0 listens, row 3 is TIME_WAIT, row 4 is another port, row 5 is the server's side
        assertThat(backlog.sum(TABLE.getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x400 + 0xA);
    }

    @Test
    void aTruncatedOrEmptyTableCountsNothing() {
        SocketBacklog backlog = new SocketBacklog(0x2261);
        assertThat(backlog.sum(new byte[0])).isZero();
        assertThat(backlog.sum("header only\n   1: 0100007F:9C40 0100007F:2261".getBytes(StandardCharsets.US_ASCII)))
                .isZero();
    }
}

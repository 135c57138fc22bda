package dev.barrage.dashboard;

/** One answer of the dashboard, before it is put on the wire. */
record Reply(int status, String contentType, String body) {
    static Reply html(String body) {
        return new Reply(200, "text/html", body);
    }

    static Reply text(int status, String body) {
        return new Reply(status, "text/plain", body + "\n");
    }
}

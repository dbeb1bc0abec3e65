package dev.wootrack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Camel starts even when its HTTP port is taken; WooTrack's own {@code run} refuses to, loudly. */
final class Ports {

    private Ports() {
    }

    static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use: stop what uses it, or set"
                    + " wootrack.http.port (environment variable WOOTRACK_HTTP_PORT)");
        }
    }
}

package io.deepunlearn.localstack;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/** A stand-in service for the supervision tests: answers 200 on {@code /q/health/ready} at QUARKUS_HTTP_PORT. */
public final class TinyService {

    private TinyService() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        http.createContext("/q/health/ready", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        http.start();
        System.out.println("tiny service up, crash-at=" + System.getenv("DEEPUNLEARN_CRASH_AT"));
        if (System.getenv("DEEPUNLEARN_CRASH_AT") != null) {
            Runtime.getRuntime().halt(137);
        }
    }
}

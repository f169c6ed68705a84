package org.epcap.kafka.json;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A QUIC server and its clients in one process, for {@link LiveQuicTest}: netty's QUIC codec
 * (quiche and BoringSSL), which the test runs in a network namespace of its own. Arguments:
 * certificate, key (PEM), port, the server's ALPN list (comma-separated), then one connection
 * a word, {@code address|sni|alpn,alpn} (an empty SNI sends none). The server listens on every
 * connection's address; each client makes its handshake, and the process prints one line a
 * connection, {@code ok SNI negotiated-ALPN}, and exits 0 when all of them completed.
 */
public final class QuicPeers {
    private QuicPeers() {
    }

    public static void main(String[] args) throws Exception {
        File cert = new File(args[0]);
        File key = new File(args[1]);
        int port = Integer.parseInt(args[2]);
        String[] serverAlpn = args[3].split(",");
        List<String[]> connections = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            connections.add(args[i].split("\\|", -1));
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<Channel> servers = new ArrayList<>();
        try {
            QuicSslContext serverSsl = QuicSslContextBuilder.forServer(key, null, cert)
                    .applicationProtocols(serverAlpn).build();
            List<String> bound = new ArrayList<>();
            for (String[] c : connections) {
                if (bound.contains(c[0])) {
                    continue;
                }
                bound.add(c[0]);
                ChannelHandler codec = new QuicServerCodecBuilder().sslContext(serverSsl)
                        .maxIdleTimeout(5, TimeUnit.SECONDS).initialMaxData(1 << 20)
                        .initialMaxStreamDataBidirectionalRemote(1 << 16).initialMaxStreamsBidirectional(4)
                        .tokenHandler(InsecureQuicTokenHandler.INSTANCE).handler(new Quiet())
                        .streamHandler(new Quiet()).build();
                servers.add(new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                        .bind(new InetSocketAddress(InetAddress.getByName(c[0]), port)).sync().channel());
            }
            for (String[] c : connections) {
                connect(group, c[0], port, c[1], c[2].split(","));
            }
        } finally {
            for (Channel s : servers) {
                s.close().sync();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void connect(EventLoopGroup group, String address, int port, String sni, String[] alpn)
            throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(alpn).build();
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslEngineProvider(q -> sni.isEmpty() ? ssl.newEngine(q.alloc()) : ssl.newEngine(q.alloc(), sni, port))
                .maxIdleTimeout(5, TimeUnit.SECONDS).initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 16).build();
        InetAddress remote = InetAddress.getByName(address);
        InetAddress any = InetAddress.getByName(remote.getAddress().length == 4 ? "0.0.0.0" : "::");
        Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress(any, 0)).sync().channel();
        try {
            QuicChannel quic = QuicChannel.newBootstrap(udp).handler(new Quiet()).streamHandler(new Quiet())
                    .remoteAddress(new InetSocketAddress(remote, port)).connect().get(10, TimeUnit.SECONDS);
            String negotiated = quic.sslEngine().getApplicationProtocol();
            quic.close().sync();
            System.out.println("ok " + sni + " " + negotiated);
        } finally {
            udp.close().sync();
        }
    }

    /** Takes what arrives and lets it go: the test looks at the handshakes only. */
    @ChannelHandler.Sharable
    private static final class Quiet extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}

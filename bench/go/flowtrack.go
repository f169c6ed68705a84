// flowtrack: gopacket's idiomatic flow tracking, the reference of bench/flow-bench.sh.
//
// Reads an Ethernet pcap with pcapgo (zero-copy, 1 MiB bufio), decodes with the tuned
// DecodingLayerParser (sparse container, Ethernet, Dot1Q, IPv4, IPv6, TCP, UDP, ICMPv4, ICMPv6),
// and keeps one entry per bidirectional flow in a map keyed by the network and transport
// gopacket.Flow (the documented use of Flow as a map key), both put in one order so that the
// two directions meet. Per flow: packets and bytes per direction, first and last time, TCP
// flags. No timeouts and no bound: the map grows with the flows (gopacket has no flow table).
//
// With -defrag it runs gopacket's ip4defrag instead, used correctly: gpbench's defrag mode hands
// ip4defrag the parser's reused IPv4 layer, which ip4defrag keeps by pointer (a TODO in its
// insert), so fragments overwrite each other (on gen_frags.py's input: errors, and only the
// unfragmented datagrams come out). Here each fragment is decoded into its own IPv4 layer over
// its own copy of the bytes, as a program must that keeps fragments across zero-copy reads;
// unfragmented packets pass without a copy.
//
// With -mem the frames are loaded into memory first (one slice each) and the passes run over
// them, so that file reading is not timed.
//
//	flowtrack [-defrag] [-mem] -warmup S -seconds S FILE
//
// Prints: mode=flows|defrag packets=N seconds=S pps=P passes=K frames=F flows=X|datagrams_out=X
// errors=E peak_rss_mib=R
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/ip4defrag"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

type flowKey struct {
	net, transport gopacket.Flow
}

type flowState struct {
	packets, bytes [2]uint64
	first, last    time.Time
	flags          [2]uint16
}

func tcpFlags(t *layers.TCP) uint16 {
	var f uint16
	if t.FIN {
		f |= 1
	}
	if t.SYN {
		f |= 2
	}
	if t.RST {
		f |= 4
	}
	if t.PSH {
		f |= 8
	}
	if t.ACK {
		f |= 16
	}
	return f
}

var defragMode = flag.Bool("defrag", false, "run ip4defrag (used correctly) instead of flow tracking")
var memMode = flag.Bool("mem", false, "load the frames into memory first and time passes over them (no file I/O)")

type frame struct {
	data []byte
	ci   gopacket.CaptureInfo
}

var frames []frame

func load(file string) {
	fh, err := os.Open(file)
	if err != nil {
		panic(err)
	}
	defer fh.Close()
	r, err := pcapgo.NewReader(bufio.NewReaderSize(fh, 1<<20))
	if err != nil {
		panic(err)
	}
	for {
		data, ci, err := r.ReadPacketData()
		if err == io.EOF {
			return
		} else if err != nil {
			panic(err)
		}
		frames = append(frames, frame{data, ci})
	}
}

func pass(file string) (packets uint64, flows int, errs int, d time.Duration) {
	var next func() ([]byte, gopacket.CaptureInfo, error)
	if *memMode {
		i := 0
		next = func() ([]byte, gopacket.CaptureInfo, error) {
			if i == len(frames) {
				return nil, gopacket.CaptureInfo{}, io.EOF
			}
			i++
			return frames[i-1].data, frames[i-1].ci, nil
		}
	} else {
		fh, err := os.Open(file)
		if err != nil {
			panic(err)
		}
		defer fh.Close()
		r, err := pcapgo.NewReader(bufio.NewReaderSize(fh, 1<<20))
		if err != nil {
			panic(err)
		}
		next = r.ZeroCopyReadPacketData
	}
	var eth layers.Ethernet
	var dot1q layers.Dot1Q
	var ip4 layers.IPv4
	var ip6 layers.IPv6
	var tcp layers.TCP
	var udp layers.UDP
	var icmp4 layers.ICMPv4
	var icmp6 layers.ICMPv6
	var payload gopacket.Payload
	parser := gopacket.NewDecodingLayerParser(layers.LayerTypeEthernet, &eth, &dot1q, &ip4, &ip6, &tcp, &udp,
		&icmp4, &icmp6, &payload)
	parser.IgnoreUnsupported = true
	decoded := make([]gopacket.LayerType, 0, 10)
	table := make(map[flowKey]*flowState)
	defrag := ip4defrag.NewIPv4Defragmenter()
	out := 0
	start := time.Now()
	for {
		data, ci, err := next()
		if err == io.EOF {
			break
		} else if err != nil {
			panic(err)
		}
		packets++
		_ = parser.DecodeLayers(data, &decoded)
		if *defragMode {
			for _, t := range decoded {
				if t != layers.LayerTypeIPv4 {
					continue
				}
				if ip4.Flags&layers.IPv4MoreFragments == 0 && ip4.FragOffset == 0 {
					out++
					break
				}
				own := &layers.IPv4{}
				b := append([]byte(nil), ip4.Contents...)
				b = append(b, ip4.Payload...)
				if err := own.DecodeFromBytes(b, gopacket.NilDecodeFeedback); err != nil {
					errs++
					break
				}
				whole, err := defrag.DefragIPv4WithTimestamp(own, ci.Timestamp)
				if err != nil {
					errs++
				} else if whole != nil {
					out++
				}
				break
			}
			continue
		}
		var nf, tf gopacket.Flow
		var ipLen int
		var flags uint16
		hasIP := false
		for _, t := range decoded {
			switch t {
			case layers.LayerTypeIPv4:
				nf, ipLen, hasIP = ip4.NetworkFlow(), int(ip4.Length), true
			case layers.LayerTypeIPv6:
				nf, ipLen, hasIP = ip6.NetworkFlow(), int(ip6.Length)+40, true
			case layers.LayerTypeTCP:
				tf, flags = tcp.TransportFlow(), tcpFlags(&tcp)
			case layers.LayerTypeUDP:
				tf = udp.TransportFlow()
			}
		}
		if !hasIP {
			continue
		}
		dir := 0
		src, dst := nf.Endpoints()
		tsrc, tdst := tf.Endpoints()
		if dst.LessThan(src) || (src == dst && tdst.LessThan(tsrc)) {
			nf, tf, dir = nf.Reverse(), tf.Reverse(), 1
		}
		k := flowKey{nf, tf}
		s := table[k]
		if s == nil {
			s = &flowState{first: ci.Timestamp}
			table[k] = s
		}
		s.packets[dir]++
		s.bytes[dir] += uint64(ipLen)
		s.flags[dir] |= flags
		s.last = ci.Timestamp
	}
	if *defragMode {
		return packets, out, errs, time.Since(start)
	}
	return packets, len(table), errs, time.Since(start)
}

func main() {
	warmup := flag.Float64("warmup", 0, "seconds of untimed passes")
	seconds := flag.Float64("seconds", 0, "seconds of timed passes (at least one)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: flowtrack [-warmup S] [-seconds S] FILE")
		os.Exit(2)
	}
	file := flag.Arg(0)
	if *memMode {
		load(file)
	}
	deadline := time.Now().Add(time.Duration(*warmup * float64(time.Second)))
	for time.Now().Before(deadline) {
		pass(file)
	}
	var packets, frames uint64
	var total time.Duration
	passes, flows, errs := 0, 0, 0
	for passes == 0 || total.Seconds() < *seconds {
		p, f, e, d := pass(file)
		packets += p
		frames, flows, errs = p, f, e
		total += d
		passes++
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	mode, what := "flows", "flows"
	if *defragMode {
		mode, what = "defrag", "datagrams_out"
	}
	if *memMode {
		mode = "mem-" + mode
	}
	fmt.Printf("mode=%s packets=%d seconds=%.3f pps=%.0f passes=%d frames=%d %s=%d errors=%d peak_rss_mib=%.1f\n",
		mode, packets, total.Seconds(), float64(packets)/total.Seconds(), passes, frames, what, flows, errs,
		float64(ru.Maxrss)/1024)
}

package refi

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// grounded's own ids travel in GUIDs, not in <Description>s (which other
// tools show to the researcher as a comment or memo). An id GUID is a
// version 8 UUID (RFC 9562, custom layout):
//
//	bits 0-7     0x67, the mark of an id GUID
//	bits 8-23    the first two bytes of the project's GUID namespace, so
//	             that two projects' objects do not share GUIDs
//	bits 24-27   the object kind (idKind)
//	bits 28-31   the id's form (idForm)
//	bits 32-127  the id, packed into the 90 bits left after the version
//	             (bits 48-51, 0b1000) and the variant (bits 64-65, 0b10)
//
// Forms: idHex, up to 21 lower-case hex digits (coding ids); idMemo, a
// date and a suffix of up to 9 ASCII characters (memo ids); idText, up to
// 12 ASCII characters; idHash, a hash of a name (relation notes), which is
// not decoded. An id that fits no form gets a name-based GUID and is
// listed in the archive's idMapPath instead.
const idMark = 0x67

// idKind is the kind of object an id GUID names.
type idKind uint8

const (
	idCodingSel    idKind = 1 // the selection of a coding
	idCoding       idKind = 2 // a coding
	idNote         idKind = 3 // a memo as a note
	idRefSpan      idKind = 4 // the selection of a memo about a span
	idCodingNote   idKind = 5 // the note holding a coding's memo
	idRelNote      idKind = 6 // the note holding a relation's note
	idRefTurn      idKind = 7 // the selection of a memo about a whole turn
	idRefSource    idKind = 8 // the selection of a memo about a source-level span
	idCodingSelSrc idKind = 9 // the selection of a source-level coding
)

type idForm uint8

const (
	idHex idForm = iota
	idMemo
	idText
	idHash
)

// payload bit positions of a UUID: 32..127 without the version and variant.
var payloadBits = func() []int {
	var out []int
	for i := 32; i < 128; i++ {
		if i >= 48 && i < 52 || i == 64 || i == 65 {
			continue
		}
		out = append(out, i)
	}
	return out
}()

type bitWriter struct {
	u UUID
	n int
}

func (w *bitWriter) put(v uint64, bits int) bool {
	if w.n+bits > len(payloadBits) {
		return false
	}
	for i := bits - 1; i >= 0; i-- {
		if v>>uint(i)&1 != 0 {
			p := payloadBits[w.n]
			w.u[p/8] |= 0x80 >> uint(p%8)
		}
		w.n++
	}
	return true
}

type bitReader struct {
	u UUID
	n int
}

func (r *bitReader) get(bits int) (uint64, bool) {
	if r.n+bits > len(payloadBits) {
		return 0, false
	}
	var v uint64
	for range bits {
		p := payloadBits[r.n]
		v = v<<1 | uint64(r.u[p/8]>>uint(7-p%8)&1)
		r.n++
	}
	return v, true
}

var memoEpoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// encodeID packs id into the payload, choosing the first form it fits.
func encodeID(id string) (idForm, bitWriter, bool) {
	var w bitWriter
	if n := len(id); n > 0 && n <= 21 && strings.Trim(id, "0123456789abcdef") == "" {
		w.put(uint64(n), 5)
		for _, c := range []byte(id) {
			v, _ := strconv.ParseUint(string(c), 16, 8)
			w.put(v, 4)
		}
		return idHex, w, true
	}
	if len(id) > 11 && len(id) <= 20 && id[10] == '-' && ascii(id[11:]) {
		if d, err := time.Parse("2006-01-02", id[:10]); err == nil && d.Format("2006-01-02") == id[:10] {
			days := int(d.Unix() / 86400) // memoEpoch is the Unix epoch; not d.Sub, whose Duration saturates after 2262
			if days >= 0 && days < 1<<17 {
				w.put(uint64(days), 17)
				w.put(uint64(len(id)-11), 4)
				for _, c := range []byte(id[11:]) {
					w.put(uint64(c), 7)
				}
				return idMemo, w, true
			}
		}
	}
	if n := len(id); n > 0 && n <= 12 && ascii(id) {
		w = bitWriter{}
		w.put(uint64(n), 4)
		for _, c := range []byte(id) {
			w.put(uint64(c), 7)
		}
		return idText, w, true
	}
	return 0, bitWriter{}, false
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// idGUID returns the GUID carrying id as an object of kind k, or false
// when id fits no form.
func (g guids) idGUID(k idKind, id string) (string, bool) {
	f, w, ok := encodeID(id)
	if !ok {
		return "", false
	}
	return g.stamp(k, f, w.u), true
}

// hashGUID returns an id GUID of kind k for a name that need not be
// decoded (it is hashed).
func (g guids) hashGUID(k idKind, name string) string {
	var w bitWriter
	h := sha1.Sum([]byte(name))
	for _, b := range h[:11] {
		w.put(uint64(b), 8)
	}
	return g.stamp(k, idHash, w.u)
}

func (g guids) stamp(k idKind, f idForm, u UUID) string {
	u[0], u[1], u[2], u[3] = idMark, g.ns[0], g.ns[1], byte(k)<<4|byte(f)
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}

// decodeIDGUID returns the kind and id an id GUID carries (id "" for a
// hashed one); false for any other GUID.
func decodeIDGUID(s string) (idKind, string, bool) {
	n, ok := NormGUID(s)
	if !ok {
		return 0, "", false
	}
	var u UUID
	if _, err := hex.Decode(u[:], []byte(strings.ReplaceAll(n, "-", ""))); err != nil {
		return 0, "", false
	}
	if u[0] != idMark || u[6]>>4 != 8 || u[8]>>6 != 2 {
		return 0, "", false
	}
	k, f := idKind(u[3]>>4), idForm(u[3]&0x0f)
	r := bitReader{u: u}
	var b strings.Builder
	switch f {
	case idHex:
		n, _ := r.get(5)
		for range n {
			v, ok := r.get(4)
			if !ok {
				return 0, "", false
			}
			b.WriteString(strconv.FormatUint(v, 16))
		}
	case idMemo:
		days, _ := r.get(17)
		b.WriteString(memoEpoch.AddDate(0, 0, int(days)).Format("2006-01-02") + "-")
		n, _ := r.get(4)
		if !readASCII(&r, &b, int(n)) {
			return 0, "", false
		}
	case idText:
		n, _ := r.get(4)
		if !readASCII(&r, &b, int(n)) {
			return 0, "", false
		}
	case idHash:
		return k, "", true
	default:
		return 0, "", false
	}
	if b.Len() == 0 {
		return 0, "", false
	}
	return k, b.String(), true
}

func readASCII(r *bitReader, b *strings.Builder, n int) bool {
	for range n {
		v, ok := r.get(7)
		if !ok || v < 0x21 || v > 0x7e {
			return false
		}
		b.WriteByte(byte(v))
	}
	return true
}

// idMapping is what the archive's IDMapPath says, by normalised GUID.
type idMapping struct {
	ids     map[string]mappedID
	targets map[string]string
}

type mappedID struct {
	kind idKind
	id   string
}

// readIDMap reads IDMapPath from the archive, if it holds one. Lines that
// do not parse are reported and skipped.
func readIDMap(a *Archive, notef func(string, ...any)) idMapping {
	m := idMapping{ids: map[string]mappedID{}, targets: map[string]string{}}
	if a == nil || !a.Has(IDMapPath) {
		return m
	}
	b, err := a.ReadFile(IDMapPath)
	if err != nil {
		notef("%s: %v; grounded's ids in it are not used", IDMapPath, err)
		return m
	}
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		f := strings.SplitN(line, "\t", 3)
		g, ok := NormGUID(f[0])
		var k int
		if len(f) != 3 || !ok || f[2] == "" {
			notef("%s:%d: not GUID<TAB>id.KIND|target<TAB>value; skipped", IDMapPath, i+1)
			continue
		}
		if f[1] == "target" {
			m.targets[g] = f[2]
			continue
		}
		if n, _ := fmt.Sscanf(f[1]+"\n", "id.%d\n", &k); n != 1 || k <= 0 || k > 15 {
			notef("%s:%d: not GUID<TAB>id.KIND|target<TAB>value; skipped", IDMapPath, i+1)
			continue
		}
		m.ids[g] = mappedID{idKind(k), f[2]}
	}
	return m
}

// groundedID returns the grounded id a GUID carries (in itself or in the
// archive's id map) when it is of one of the kinds; which kind it is.
func (c *conv) groundedID(guid string, kinds ...idKind) (string, idKind, bool) {
	k, id, ok := decodeIDGUID(guid)
	if !ok {
		n, _ := NormGUID(guid)
		m, ok := c.idMap.ids[n]
		if !ok {
			return "", 0, false
		}
		k, id = m.kind, m.id
	}
	if len(kinds) == 0 {
		return id, k, true
	}
	for _, want := range kinds {
		if k == want {
			return id, k, true
		}
	}
	return "", k, false
}

package table

import (
	"bytes"
	"testing"
)

func TestCodebookCSV(t *testing.T) {
	in := testInput(t)
	in.Codebook.Code("Sharing").Description = "Tells own story."
	in.Codebook.Code("Sharing").WhenToUse = "Explicit."
	in.Codebook.Code("Sharing").Color = "#4e79a7"
	var b bytes.Buffer
	if err := WriteCodebookCSV(&b, in, CodebookCSV); err != nil {
		t.Fatal(err)
	}
	want := "path,name,description,colour,category,stage\n" +
		"Creating Connection / Building Trust / Self-disclosure / Sharing,Sharing,\"Tells own story.\n\nWhen to use: Explicit.\",#4e79a7,Self-disclosure,Building Trust\n"
	if got := b.String(); got[:len(want)] != want {
		t.Errorf("got:\n%s\nwant prefix:\n%s", got, want)
	}
	b.Reset()
	if err := WriteCodebookCSV(&b, in, CodebookTaguette); err != nil {
		t.Fatal(err)
	}
	want = "tag,description,number of highlights\n" +
		"Creating Connection.Building Trust.Self-disclosure.Sharing,\"Tells own story.\n\nWhen to use: Explicit.\",2\n"
	if got := b.String(); got[:len(want)] != want {
		t.Errorf("got:\n%s\nwant prefix:\n%s", got, want)
	}
}

package plugin

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// arrowResult is what readArrow took from Restate's Arrow IPC stream.
type arrowResult struct {
	Frame *data.Frame
	Rows  int
	// Truncated is true when Restate had more rows than the cap; they were not read.
	Truncated bool
}

// readArrow reads an Arrow IPC stream (Restate's answer to POST /query) into one frame, stopping after
// maxRows rows. Batches are concatenated per column and converted with the SDK's data.FromArrowRecord, so
// field types and NULLs follow Restate's schema; columns the SDK cannot take are normalised first.
func readArrow(body io.Reader, maxRows int) (*arrowResult, error) {
	mem := memory.NewGoAllocator()
	rdr, err := ipc.NewReader(body, ipc.WithAllocator(mem))
	if err != nil {
		return nil, fmt.Errorf("reading Restate's Arrow answer: %w", err)
	}
	defer rdr.Release()
	schema := rdr.Schema()

	var batches []arrow.RecordBatch
	defer func() {
		for _, b := range batches {
			b.Release()
		}
	}()
	total := 0
	truncated := false
	for rdr.Next() {
		rec := rdr.RecordBatch()
		n := int(rec.NumRows())
		if n == 0 {
			continue
		}
		if total >= maxRows {
			// One more non-empty batch past the cap: there were more rows. Stop reading here.
			truncated = true
			break
		}
		if total+n > maxRows {
			batches = append(batches, rec.NewSlice(0, int64(maxRows-total)))
			total = maxRows
			truncated = true
			break
		}
		rec.Retain()
		batches = append(batches, rec)
		total += n
	}
	if !truncated {
		if err := rdr.Err(); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading Restate's Arrow answer: %w", err)
		}
	}

	cols := make([]arrow.Array, len(schema.Fields()))
	fields := make([]arrow.Field, len(schema.Fields()))
	for i, f := range schema.Fields() {
		parts := make([]arrow.Array, 0, len(batches))
		for _, b := range batches {
			parts = append(parts, b.Column(i))
		}
		var col arrow.Array
		switch len(parts) {
		case 0:
			col = array.MakeArrayOfNull(mem, f.Type, 0)
		case 1:
			col = parts[0]
			col.Retain()
		default:
			col, err = array.Concatenate(parts, mem)
			if err != nil {
				return nil, fmt.Errorf("joining Restate's Arrow batches: %w", err)
			}
		}
		nf, nc := normaliseColumn(mem, f, col)
		if nc != col {
			col.Release()
		}
		fields[i], cols[i] = nf, nc
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(total))
	for _, c := range cols {
		c.Release()
	}
	defer rec.Release()
	frame, err := data.FromArrowRecord(rec)
	if err != nil {
		return nil, fmt.Errorf("converting Restate's Arrow answer to a data frame: %w", err)
	}
	return &arrowResult{Frame: frame, Rows: total, Truncated: truncated}, nil
}

// normaliseColumn returns the column in a type data.FromArrowRecord converts faithfully. The SDK reads every
// timestamp as nanoseconds (Restate sends milliseconds) and has no large_utf8 (Restate's strings), dates,
// durations, decimals or nested types. Timestamps become Timestamp(ns); anything else without an SDK type
// becomes a nullable string holding Arrow's own rendering of the value.
func normaliseColumn(mem memory.Allocator, f arrow.Field, col arrow.Array) (arrow.Field, arrow.Array) {
	switch col.DataType().ID() {
	case arrow.STRING, arrow.STRING_VIEW, arrow.BOOL,
		arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64,
		arrow.FLOAT32, arrow.FLOAT64:
		return f, col
	case arrow.TIMESTAMP:
		tt := col.DataType().(*arrow.TimestampType)
		if tt.Unit == arrow.Nanosecond {
			return f, col
		}
		mult := map[arrow.TimeUnit]int64{arrow.Second: 1e9, arrow.Millisecond: 1e6, arrow.Microsecond: 1e3}[tt.Unit]
		ts := col.(*array.Timestamp)
		nsType := &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: tt.TimeZone}
		b := array.NewTimestampBuilder(mem, nsType)
		defer b.Release()
		b.Reserve(ts.Len())
		for i := 0; i < ts.Len(); i++ {
			if ts.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.Append(arrow.Timestamp(int64(ts.Value(i)) * mult))
		}
		return arrow.Field{Name: f.Name, Type: nsType, Nullable: f.Nullable, Metadata: f.Metadata}, b.NewArray()
	case arrow.DATE32, arrow.DATE64:
		nsType := &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
		b := array.NewTimestampBuilder(mem, nsType)
		defer b.Release()
		for i := 0; i < col.Len(); i++ {
			if col.IsNull(i) {
				b.AppendNull()
				continue
			}
			switch d := col.(type) {
			case *array.Date32:
				b.Append(arrow.Timestamp(d.Value(i).ToTime().UnixNano()))
			case *array.Date64:
				b.Append(arrow.Timestamp(d.Value(i).ToTime().UnixNano()))
			}
		}
		return arrow.Field{Name: f.Name, Type: nsType, Nullable: f.Nullable, Metadata: f.Metadata}, b.NewArray()
	}
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.Reserve(col.Len())
	for i := 0; i < col.Len(); i++ {
		if col.IsNull(i) {
			b.AppendNull()
			continue
		}
		switch v := col.(type) {
		case *array.LargeString:
			b.Append(v.Value(i))
		case *array.Binary:
			b.Append(bytesText(v.Value(i)))
		case *array.LargeBinary:
			b.Append(bytesText(v.Value(i)))
		default:
			b.Append(col.ValueStr(i))
		}
	}
	// Nullability follows Restate's schema; a NULL-typed column (SELECT NULL) is all nulls.
	nullable := f.Nullable || col.DataType().ID() == arrow.NULL || col.NullN() > 0
	return arrow.Field{Name: f.Name, Type: arrow.BinaryTypes.String, Nullable: nullable, Metadata: f.Metadata}, b.NewArray()
}

// bytesText shows UTF-8 bytes (Restate's state values are usually JSON) as text and anything else as hex.
func bytesText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return "0x" + hex.EncodeToString(b)
}

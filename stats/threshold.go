package stats

import (
	"encoding/json"
	"math"
)

// Threshold is how far a median may move before a significant change
// counts, as a fraction: 0.10 for 10 %. One unit in every API, so that no
// caller has to remember whether to divide by 100. JSON carries it as a
// percent, the documents' threshold_percent field.
type Threshold float64

// Percent is the threshold in percent, rounded to six decimals so that a
// percentage typed by a person comes back as typed: 7 % is 0.07, and
// 0.07*100 is 7.000000000000001 in floating point.
func (t Threshold) Percent() float64 { return math.Round(float64(t)*100*1e6) / 1e6 }

// MarshalJSON writes the threshold in percent.
func (t Threshold) MarshalJSON() ([]byte, error) { return json.Marshal(t.Percent()) }

// UnmarshalJSON reads a threshold written in percent.
func (t *Threshold) UnmarshalJSON(data []byte) error {
	var p float64
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*t = Threshold(p / 100)
	return nil
}

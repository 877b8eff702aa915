package googledrive

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

func (s *Server) drive(id string) *Drive {
	for _, d := range s.st.Drives {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func (s *Server) renderDrive(d *Drive, full bool) ordered {
	out := ordered{{"kind", "drive#drive"}, {"id", d.ID}, {"name", d.Name}}
	if full {
		out = append(out, field{"createdTime", d.CreatedTime}, field{"hidden", d.Hidden})
	}
	return out
}

func (s *Server) drives(method string, rest []string, q url.Values, raw []byte) (reply, *apiError) {
	full := q.Get("fields") == "*"
	switch {
	case len(rest) == 0 && method == http.MethodGet:
		list := make([]any, 0, len(s.st.Drives))
		for _, d := range s.st.Drives {
			if d.Hidden && q.Get("q") == "" {
				continue
			}
			list = append(list, s.renderDrive(d, full))
		}
		size := 10
		if v := q.Get("pageSize"); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n > 0 && n <= 100 {
				size = n
			} else {
				return reply{}, invalid("Invalid value for pageSize", "pageSize")
			}
		}
		from := 0
		if t := q.Get("pageToken"); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				return reply{}, invalid("Invalid Value", "pageToken")
			}
			from = min(max(n, 0), len(list))
		}
		to := min(from+size, len(list))
		out := ordered{{"kind", "drive#driveList"}}
		if to < len(list) {
			out = append(out, field{"nextPageToken", strconv.Itoa(to)})
		}
		return reply{status: 200, value: append(out, field{"drives", list[from:to]})}, nil
	case len(rest) == 0 && method == http.MethodPost:
		if q.Get("requestId") == "" {
			return reply{}, &apiError{400, "Required parameter: requestId", "required", "global", "requestId"}
		}
		body, err := jsonBody(raw)
		if err != nil {
			return reply{}, err
		}
		name, _ := body["name"].(string)
		d := &Drive{ID: "0ADrive" + strconv.FormatUint(s.next(), 10) + "Uk9PVA", Name: name, CreatedTime: s.now()}
		s.st.Drives = append(s.st.Drives, d)
		return reply{status: 200, value: s.renderDrive(d, full)}, nil
	case len(rest) == 1:
		d := s.drive(rest[0])
		if d == nil {
			return reply{}, &apiError{404, "Shared drive not found: " + rest[0], "notFound", "global", "driveId"}
		}
		switch method {
		case http.MethodGet:
			return reply{status: 200, value: s.renderDrive(d, full)}, nil
		case http.MethodPatch:
			body, err := jsonBody(raw)
			if err != nil {
				return reply{}, err
			}
			if n, ok := body["name"].(string); ok {
				d.Name = n
			}
			return reply{status: 200, value: s.renderDrive(d, full)}, nil
		case http.MethodDelete:
			for _, f := range s.st.Files {
				if f.DriveID == d.ID {
					return reply{}, &apiError{403, "The shared drive cannot be deleted because it contains one or more items.", "cannotDeleteSharedDriveWithContents", "global", ""}
				}
			}
			s.st.Drives = slices.DeleteFunc(s.st.Drives, func(x *Drive) bool { return x == d })
			return reply{status: 204}, nil
		}
	}
	return reply{}, &apiError{404, "Not Found", "notFound", "global", ""}
}
